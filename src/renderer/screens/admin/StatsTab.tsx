// The day in numbers: arrivals per quarter hour, each college's progress.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { Stats } from '../../../shared/types.js';
import { useLive } from '../../lib/hooks.js';
import { ArrivalsChart } from '../../components/ArrivalsChart.js';

export function StatsTab({ bridge }: { bridge: Bridge }) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<Stats | null>(null);
  const load = () => bridge.getStats({}).then(setStats, () => undefined);
  useEffect(() => {
    void load();
  }, []);
  useLive(bridge, (e) => {
    if (e.type === 'checked-in' || e.type === 'queue-changed') void load();
  });
  if (!stats) return <p>{t('app.loading')}</p>;
  return (
    <section>
      <h2>{t('admin.stats.arrivals')}</h2>
      {stats.arrivals.length === 0 ? <p className="hint">{t('admin.stats.empty')}</p> : <ArrivalsChart arrivals={stats.arrivals} stations={stats.stations} />}
      <h2>{t('admin.stats.colleges')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('admin.stats.college')}</th><th>{t('admin.stats.onRoster')}</th><th>{t('admin.stats.checkedIn')}</th>
            <th>{t('admin.stats.photographed')}</th><th>{t('admin.stats.exempt')}</th><th>{t('admin.stats.absent')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.colleges.map((c) => (
            <tr key={c.college}><td>{c.college}</td><td>{c.onRoster}</td><td>{c.checkedIn}</td><td>{c.photographed}</td><td>{c.exempt}</td><td>{c.absent}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
