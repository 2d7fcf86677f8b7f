// 叫号: the photographer's screen for one station. Strict order: 下一位 always
// calls the lowest waiting number (core decides); big buttons and one-key shortcuts.
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../api/bridge.js';
import type { QueueView } from '../../shared/types.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';

type Row = QueueView['tickets'][number];

/** After a tap or click (detail > 0, not a keyboard press), give focus back to the page so Enter/Space shortcuts work. */
function blurAfterPointer(e: MouseEvent<HTMLButtonElement>): void {
  if (e.detail > 0) e.currentTarget.blur();
}

export function Caller({ station }: { station: string }) {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('caller'), []);
  const [queue, setQueue] = useState<Row[]>([]);
  const [room, setRoom] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    bridge.getQueue({ station }).then((q) => setQueue(q.tickets), (e) => setMessage(describeError(e)));
  }, [bridge, station]);
  useEffect(() => {
    refresh();
    bridge.getEvent({}).then((ev) => setRoom(ev?.stations.find((s) => s.code === station)?.room ?? ''), () => undefined);
  }, [bridge, station, refresh]);
  useLive(bridge, (e) => {
    if ((e.type === 'queue-changed' || e.type === 'ticket-called') && e.station === station) refresh();
    if (e.type === 'checked-in' && e.result.station === station) refresh();
    if (e.type === 'event-changed') refresh();
  });

  const current = queue.find((r) => r.status === 'called') ?? null;
  const waiting = queue.filter((r) => r.status === 'waiting');
  const noShows = queue.filter((r) => r.status === 'no-show');

  const act = useCallback(
    async (what: () => Promise<unknown>, done?: string) => {
      if (busy) return;
      setBusy(true);
      try {
        await what();
        setMessage(done ?? null);
      } catch (e) {
        setMessage(describeError(e));
      } finally {
        setBusy(false);
        refresh();
      }
    },
    [busy, refresh],
  );
  const callNext = useCallback(() => act(async () => {
    const called = await bridge.callNext({ station });
    setMessage(t('caller.called', { ticket: called.ticket }));
  }, undefined), [act, bridge, station, t]);
  const repeat = useCallback(() => current && act(() => bridge.repeatCall({ ticket: current.ticket })), [act, bridge, current]);
  const noShow = useCallback(() => current && act(() => bridge.noShow({ ticket: current.ticket })), [act, bridge, current]);
  const done = useCallback(() => current && act(() => bridge.photographed({ ticket: current.ticket })), [act, bridge, current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const tag = target?.tagName ?? '';
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      const k = e.key.toLowerCase();
      // A focused button or link keeps its own Enter/Space (keyboard users who tabbed to it).
      if ((k === 'enter' || k === ' ') && (tag === 'BUTTON' || tag === 'A')) return;
      if (k === 'n' || k === ' ') void callNext();
      else if (k === 'r') void repeat();
      else if (k === 's') void noShow();
      else if (k === 'enter') void done();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [callNext, repeat, noShow, done]);

  return (
    <div className="screen caller">
      <header className="topbar">
        <a href="#/" className="brand">{t('app.title')}</a>
        <h1>{t('caller.title', { station, room })}</h1>
      </header>
      <main className="caller-main">
        <section className="caller-current" aria-live="polite">
          <div className="ticket-label">{t('caller.current')}</div>
          {current ? (
            <>
              <div className="ticket-huge" data-testid="caller-current">{current.ticket}</div>
              <p className="student-name">{current.name}</p>
              <p className="student-meta">{current.college} · {current.studentId}{current.maskedId ? ` · ${current.maskedId}` : ''}</p>
            </>
          ) : (
            <div className="ticket-huge muted" data-testid="caller-current">{t('caller.none')}</div>
          )}
          {message && <p className="notice" role="status" data-testid="caller-message">{message}</p>}
          <div className="caller-buttons">
            <button type="button" className="btn btn-huge btn-primary" disabled={busy} onClick={(e) => { blurAfterPointer(e); void callNext(); }} data-testid="call-next">{t('caller.next')}<kbd>N</kbd></button>
            <button type="button" className="btn btn-huge" disabled={busy || !current} onClick={(e) => { blurAfterPointer(e); void repeat(); }}>{t('caller.repeat')}<kbd>R</kbd></button>
            <button type="button" className="btn btn-huge btn-warn" disabled={busy || !current} onClick={(e) => { blurAfterPointer(e); void noShow(); }} data-testid="no-show">{t('caller.noShow')}<kbd>S</kbd></button>
            <button type="button" className="btn btn-huge btn-ok" disabled={busy || !current} onClick={(e) => { blurAfterPointer(e); void done(); }} data-testid="photographed">{t('caller.photographed')}<kbd>↵</kbd></button>
          </div>
          <p className="hint small">{t('caller.shortcuts')}</p>
        </section>
        <aside className="caller-lists">
          <h2>{t('caller.waiting', { count: waiting.length })}</h2>
          {waiting.length === 0 && <p className="hint">{t('caller.emptyQueue')}</p>}
          <ol className="queue-list" data-testid="waiting-list">
            {waiting.slice(0, 12).map((r) => (
              <li key={r.ticket}><strong>{r.ticket}</strong> {r.name} <span className="muted">{r.college}</span></li>
            ))}
          </ol>
          <h2>{t('caller.noShows')}</h2>
          <ul className="queue-list" data-testid="no-show-list">
            {noShows.map((r) => (
              <li key={r.ticket}>
                <strong>{r.ticket}</strong> {r.name}
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => void act(() => bridge.recall({ ticket: r.ticket }))} data-testid={`recall-${r.ticket}`}>{t('caller.recall')}</button>
              </li>
            ))}
          </ul>
        </aside>
      </main>
    </div>
  );
}
