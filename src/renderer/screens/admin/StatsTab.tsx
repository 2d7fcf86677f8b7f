// The day in numbers: the totals first (big enough for a phone across the
// room), arrivals per quarter hour per room, each college's progress: a table
// on a laptop or TV, one line per college on a phone.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { CollegeProgress, Stats } from '../../../shared/types.js';
import { useLive } from '../../lib/hooks.js';
import { ArrivalsChart } from '../../components/ArrivalsChart.js';

const COUNTS = ['onRoster', 'checkedIn', 'photographed', 'exempt', 'absent'] as const;

export function totals(colleges: readonly CollegeProgress[]): Record<(typeof COUNTS)[number], number> {
  const sum = { onRoster: 0, checkedIn: 0, photographed: 0, exempt: 0, absent: 0 };
  for (const c of colleges) for (const k of COUNTS) sum[k] += c[k];
  return sum;
}

export function StatsTab({ bridge }: { bridge: Bridge }) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<Stats | null>(null);
  const load = () => bridge.getStats({}).then(setStats, () => undefined);
  useEffect(() => {
    void load();
  }, []);
  useLive(bridge, (e) => {
    if (e.type === 'checked-in' || e.type === 'queue-changed' || e.type === 'event-changed') void load();
  });
  if (!stats) return <p>{t('app.loading')}</p>;
  const sum = totals(stats.colleges);
  return (
    <section className="stats">
      <dl className="stats-totals" data-testid="stats-totals">
        {COUNTS.map((k) => (
          <div key={k} className={`stats-total stats-${k}`}>
            <dt>{t(`admin.stats.${k}`)}</dt>
            <dd>{sum[k]}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('admin.stats.arrivals')}</h2>
      {stats.arrivals.length === 0 ? (
        <p className="hint">{t('admin.stats.empty')}</p>
      ) : (
        <div className="stats-chart">
          <ArrivalsChart arrivals={stats.arrivals} stations={stats.stations} />
        </div>
      )}
      <h2>{t('admin.stats.colleges')}</h2>
      <table className="table stats-table" data-testid="stats-table">
        <thead>
          <tr>
            <th>{t('admin.stats.college')}</th>
            {COUNTS.map((k) => <th key={k} className="num">{t(`admin.stats.${k}`)}</th>)}
          </tr>
        </thead>
        <tbody>
          {stats.colleges.map((c) => (
            <tr key={c.college}>
              <td>{c.college}</td>
              {COUNTS.map((k) => <td key={k} className={`num ${k === 'absent' && c.absent > 0 ? 'stats-missing' : ''}`}>{c[k]}</td>)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('admin.stats.total')}</th>
            {COUNTS.map((k) => <td key={k} className="num">{sum[k]}</td>)}
          </tr>
        </tfoot>
      </table>
      <ul className="stats-list" data-testid="stats-list">
        {stats.colleges.map((c) => (
          <li key={c.college}>
            <strong>{c.college}</strong>
            <span>{t('admin.stats.line', { ...c })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
