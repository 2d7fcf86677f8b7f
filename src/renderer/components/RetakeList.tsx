// 刚拍完 · 需重拍: the station's last photographed tickets, folded away, each with 需重拍 (two taps):
// a rejected photo (a closed eye, the registry's face check) goes back to the
// queue right after the ticket in front of the camera, keeping its number.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerRow } from '../lib/caller-state.js';
import { RetakeTag } from './RetakeTag.js';

const SHOWN = 5;

/** The last photographed tickets, most recent first. */
export function lastPhotographed(tickets: readonly CallerRow[], n = SHOWN): CallerRow[] {
  return tickets
    .filter((r) => r.status === 'photographed')
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? '') || b.ticket.localeCompare(a.ticket))
    .slice(0, n);
}

export function RetakeList({ tickets, busy, onRetake }: { tickets: readonly CallerRow[]; busy: boolean; onRetake: (ticket: string) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const done = lastPhotographed(tickets);
  if (done.length === 0) return null;
  // Folded away: retakes are rare, and the lists above are what the photographer reads all day.
  return (
    <details className="retake-details" data-testid="retake-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('retake.recent')}</summary>
      {/* Rendered only when open: a closed <details> still lays out its content in Chromium. */}
      {open && <ul className="queue-list" data-testid="photographed-list">
        {done.map((r) => (
          <li key={r.ticket}>
            <strong>{r.ticket}</strong>
            <span className="one-line">{r.name}{(r.retakes ?? 0) > 0 && <RetakeTag />}</span>
            {asking === r.ticket ? (
              <button type="button" className="btn btn-small btn-warn" disabled={busy} onClick={() => { setAsking(null); onRetake(r.ticket); }} data-testid={`retake-confirm-${r.ticket}`}>
                {t('retake.sure')}
              </button>
            ) : (
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => setAsking(r.ticket)} data-testid={`retake-${r.ticket}`}>
                {t('retake.mark')}
              </button>
            )}
          </li>
        ))}
      </ul>}
    </details>
  );
}
