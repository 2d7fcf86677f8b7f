// Long work on the server (a 50,000-row roster, a 2,000-row sheet) sends
// `progress` live events; the page shows a bar with rows done of total.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { LiveEvent } from '../../../shared/types.js';
import { useLive } from '../../lib/hooks.js';

export type ProgressTask = Extract<LiveEvent, { type: 'progress' }>['task'];
export interface ProgressState {
  done: number;
  total: number;
}

/** The latest progress of these tasks while `active`; null before the first event. */
export function useProgress(bridge: Bridge, tasks: readonly ProgressTask[], active: boolean): ProgressState | null {
  const [state, setState] = useState<ProgressState | null>(null);
  const [wasActive, setWasActive] = useState(active);
  if (wasActive !== active) {
    // A new piece of work starts from nothing.
    setWasActive(active);
    setState(null);
  }
  useLive(bridge, (e) => {
    if (active && e.type === 'progress' && tasks.includes(e.task)) setState({ done: e.done, total: e.total });
  });
  return active ? state : null;
}

/** A bar with what is being done and, once known, how far: "正在导入名单… 12000 / 50000 行（24%）". */
export function ProgressBar({ label, progress, unit }: { label: string; progress: ProgressState | null; unit: 'rows' | 'students' }) {
  const { t } = useTranslation();
  const known = progress !== null && progress.total > 0;
  const percent = known ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="progress-box" role="status" data-testid="progress">
      <span>{label}</span>
      {known ? (
        <>
          <progress className="progress-bar" value={progress.done} max={progress.total} aria-label={label} />
          <span className="progress-count">{t(`admin.progress.${unit}`, { done: progress.done, total: progress.total, percent })}</span>
        </>
      ) : (
        <progress className="progress-bar" aria-label={label} />
      )}
    </div>
  );
}
