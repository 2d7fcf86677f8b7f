// The forwarder of a desk at another door, on its desk page (`#/desk/<name>`):
// in touch or not, reads still on their way, reads that arrived late with the
// number each student is to be given.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import { clockTime, emptyFeed, feedOf, feedOn, forwarderHealth, type DeskFeed } from '../lib/desk-feed.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';

export function DeskFeedPanel({ bridge, desk }: { bridge: Bridge; desk: string }) {
  const { t } = useTranslation();
  const [feed, setFeed] = useState<DeskFeed>(() => emptyFeed(desk));
  const [now, setNow] = useState(() => Date.now());
  const load = useCallback(() => {
    bridge.getDesk({ desk }).then((view) => setFeed(feedOf(view)), () => undefined);
  }, [bridge, desk]);
  useEffect(load, [load]);
  // The clock moves on its own, so a forwarder that stopped reporting shows as silent.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  useLive(bridge, (e) => {
    // Back after a gap: what happened meanwhile is on the server.
    if (e.type === 'event-changed') load();
    else setFeed((f) => feedOn(f, e));
    if (e.type === 'desk-status') setNow(Date.now());
  });
  const health = forwarderHealth(feed.status, now);
  return (
    <section className="desk-feed" data-testid="desk-feed" aria-live="polite">
      {health.kind === 'unknown' && <p className="hint" data-testid="desk-feed-status">{t('desk.remote.unknown', { desk })}</p>}
      {health.kind === 'silent' && (
        <p className="notice" data-testid="desk-feed-status">
          {t('desk.remote.silent', { desk, time: clockTime(health.since) })}
        </p>
      )}
      {health.kind === 'ok' && (
        <p className="hint" data-testid="desk-feed-status">
          {t('desk.remote.inTouch', { desk })}
          {health.reader.message !== '' ? ` · ${t('desk.remote.reader', { message: health.reader.message })}` : ''}
        </p>
      )}
      {health.kind !== 'unknown' && health.pending > 0 && (
        <p className="notice" data-testid="desk-feed-pending">
          {t('desk.remote.pending', { count: health.pending })}
        </p>
      )}
      {health.kind === 'ok' && health.failed > 0 && (
        <p className="notice" role="alert">
          {t('desk.remote.failed', { count: health.failed })}
        </p>
      )}
      {feed.late.length > 0 && (
        <>
          <h2 className="desk-feed-title">{t('desk.remote.lateTitle')}</h2>
          <ul className="desk-feed-late" data-testid="desk-feed-late">
            {feed.late.map((r) => (
              <li key={`${r.readAt}-${r.maskedId}`}>
                <span className="match-meta">{t('desk.remote.lateRead', { time: clockTime(r.readAt), name: r.name, maskedId: r.maskedId })}</span>
                <strong className="desk-feed-ticket">{r.ticket ?? describeError({ code: r.error?.error, message: r.error?.message, body: r.error })}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
