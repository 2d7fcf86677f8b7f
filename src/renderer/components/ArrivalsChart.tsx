// Arrivals per 15 minutes per station as grouped SVG bars (no chart library:
// CSP allows no inline styles, and SVG attributes are not styles). The legend
// names the rooms, as the notice and the waiting room do, in HTML so it wraps
// on a phone.
import { useTranslation } from 'react-i18next';
import type { StationInfo, Stats } from '../../shared/types.js';

const COLORS = ['#1f6feb', '#d4760a', '#1a7f37', '#8250df', '#cf222e'];

const QUARTER_MS = 15 * 60_000;

/** Every 15-minute bucket from the first to the last, so quiet quarters show as gaps. */
export function fillBuckets(sorted: string[]): string[] {
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return sorted;
  const a = Date.parse(first);
  const b = Date.parse(last);
  if (Number.isNaN(a) || Number.isNaN(b) || (b - a) / QUARTER_MS > 96) return sorted;
  const known = new Map(sorted.map((s) => [Date.parse(s), s]));
  const out: string[] = [];
  for (let t = a; t <= b; t += QUARTER_MS) out.push(known.get(t) ?? new Date(t).toISOString());
  return out;
}

/** The legend's words per station code: the room, with the letter when two stations share a room; the letter alone for a station the event no longer has. */
export function stationLabels(stations: StationInfo[], codes: string[]): Map<string, string> {
  const rooms = new Map(stations.map((s) => [s.code, s.room]));
  const shared = new Set(stations.filter((s, i) => stations.findIndex((o) => o.room === s.room) !== i).map((s) => s.room));
  return new Map(
    codes.map((code) => {
      const room = rooms.get(code);
      return [code, room === undefined ? code : shared.has(room) ? `${room}（${code}）` : room];
    }),
  );
}

/** Font size of the numbers above the bars; the top band leaves room for the tallest one. */
const VALUE_FONT = 13;

export function ArrivalsChart({ arrivals, stations: info = [] }: { arrivals: Stats['arrivals']; stations?: StationInfo[] }) {
  const { t } = useTranslation();
  const buckets = fillBuckets([...new Set(arrivals.map((a) => a.bucket))].sort());
  const stations = [...new Set(arrivals.map((a) => a.station))].sort();
  const names = stationLabels(info, stations);
  const max = Math.max(1, ...arrivals.map((a) => a.count));
  const W = 900;
  const H = 260;
  const pad = { l: 40, b: 40, t: VALUE_FONT + 12 };
  const groupW = (W - pad.l) / Math.max(1, buckets.length);
  // Capped so one or two buckets do not become walls of colour.
  const barW = Math.min(48, Math.max(2, (groupW * 0.8) / Math.max(1, stations.length)));
  const groupPad = (groupW - barW * stations.length) / 2;
  const y = (n: number) => H - pad.b - (n / max) * (H - pad.b - pad.t);
  const label = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  };
  return (
    <figure className="chart-figure">
      <ul className="chart-legend" data-testid="arrivals-legend">
        {stations.map((s, j) => (
          <li key={s}>
            <svg className="chart-swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">
              <rect width={14} height={14} fill={COLORS[j % COLORS.length]} />
            </svg>
            {names.get(s)}
          </li>
        ))}
      </ul>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('admin.stats.arrivals')} data-testid="arrivals-chart">
        <line x1={pad.l} y1={H - pad.b} x2={W} y2={H - pad.b} stroke="#888" />
        <text x={pad.l - 6} y={y(max) + 5} textAnchor="end" fontSize="14">{max}</text>
        <text x={pad.l - 6} y={H - pad.b} textAnchor="end" fontSize="14">0</text>
        {buckets.map((b, i) => (
          <g key={b}>
            {stations.map((s, j) => {
              const n = arrivals.find((a) => a.bucket === b && a.station === s)?.count ?? 0;
              return (
                <g key={s}>
                  <rect x={pad.l + i * groupW + groupPad + j * barW} y={y(n)} width={barW - 1} height={H - pad.b - y(n)} fill={COLORS[j % COLORS.length]}>
                    <title>{`${label(b)} ${names.get(s) ?? s}: ${n}`}</title>
                  </rect>
                  {n > 0 && barW >= 14 && (
                    <text x={pad.l + i * groupW + groupPad + j * barW + barW / 2} y={y(n) - 4} textAnchor="middle" fontSize={VALUE_FONT}>{n}</text>
                  )}
                </g>
              );
            })}
            <text x={pad.l + i * groupW + groupW / 2} y={H - pad.b + 20} textAnchor="middle" fontSize="13">{label(b)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
