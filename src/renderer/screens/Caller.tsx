// 叫号: the photographer's screen for one station, on a laptop, a tablet or a phone.
// Strict order: 下一位 always calls the lowest waiting number (core decides). The
// step that fits now is the one primary button (lib/caller-state.ts); big buttons
// and one-key shortcuts. The status line under the student takes other verdicts
// later through the same ToneLine. Who sits at the camera is checked against the
// called ticket (a wedge reader or scanner typing into the page's hidden target,
// a typed student ID, a reader forwarding cards): the verdict shows large, and
// after 不是本人 拍摄完成 needs a second tap. 需重拍 sends a photographed ticket back.
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, getBridge } from '../api/bridge.js';
import type { QueueView } from '../../shared/types.js';
import { ConfirmEntry } from '../components/ConfirmEntry.js';
import { ConfirmVerdict } from '../components/ConfirmVerdict.js';
import { ExitLink } from '../components/ExitLink.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { RetakeList } from '../components/RetakeList.js';
import { RetakeTag } from '../components/RetakeTag.js';
import { ToneLine, type Tone } from '../components/Verdict.js';
import { WedgeTarget } from '../components/WedgeTarget.js';
import { confirmLineFor, photographedNeedsSecondTap, verdictIsCurrent, viewOfError, viewOfVerdict, type ConfirmView } from '../lib/camera-confirm.js';
import { callerState, type CallerAction } from '../lib/caller-state.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';
import { useCameraKeys } from '../lib/use-camera-keys.js';
import { usePollWhileSocketDown } from '../lib/use-connection.js';

type Row = QueueView['tickets'][number];

/** After a tap or click (detail > 0, not a keyboard press), give focus back to the page so Enter/Space shortcuts and a wedge reader work. */
function blurAfterPointer(e: MouseEvent<HTMLButtonElement>, refocus: () => void): void {
  if (e.detail > 0) {
    e.currentTarget.blur();
    refocus();
  }
}

const BUTTON_CLASS: Record<CallerAction, string> = { next: 'btn-primary', repeat: '', noShow: 'btn-warn-outline', photographed: 'btn-ok' };

export function Caller({ station }: { station: string }) {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('caller'), []);
  const [queue, setQueue] = useState<Row[]>([]);
  const [room, setRoom] = useState('');
  /** false once the event is known and has no such station (a mistyped #/caller/Z). */
  const [known, setKnown] = useState(true);
  const [message, setMessage] = useState<{ tone: Tone; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** The last identity check at this station's camera, from this page or any device. */
  const [verdict, setVerdict] = useState<ConfirmView | null>(null);
  /** 拍摄完成 was tapped once after 不是本人 for this ticket. */
  const [armed, setArmed] = useState<string | null>(null);
  const [requireConfirm, setRequireConfirm] = useState(false);

  const refresh = useCallback(() => {
    bridge.getQueue({ station }).then(
      (q) => setQueue(q.tickets),
      // Unreachable is the offline banner's to say; other refusals are shown here.
      (e) => errorCode(e) !== 'offline' && setMessage({ tone: 'error', text: describeError(e) }),
    );
  }, [bridge, station]);
  const loadRoom = useCallback(() => {
    bridge.getEvent({}).then((ev) => {
      const here = ev?.stations.find((s) => s.code === station);
      setRoom(here?.room ?? '');
      setKnown(ev === null || here !== undefined);
    }, () => undefined);
  }, [bridge, station]);
  const loadSettings = useCallback(() => {
    bridge.getSettings({}).then((s) => setRequireConfirm(s.requireConfirm), () => undefined);
  }, [bridge]);
  useEffect(() => {
    refresh();
    loadRoom();
    loadSettings();
  }, [refresh, loadRoom, loadSettings]);
  useLive(bridge, (e) => {
    if ((e.type === 'queue-changed' || e.type === 'ticket-called') && e.station === station) refresh();
    if (e.type === 'checked-in' && e.result.station === station) refresh();
    if (e.type === 'event-changed') {
      refresh();
      loadRoom();
    }
    if (e.type === 'settings-changed') loadSettings();
    if (e.type === 'identity-checked' && e.verdict.station === station) {
      setVerdict(viewOfVerdict(e.verdict));
      setArmed(null);
    }
  });

  usePollWhileSocketDown(refresh);

  const view = callerState(queue, busy);
  const { current, waiting, noShows } = view;
  // A verdict stays while it is about the ticket in front of the camera (or nobody is called).
  const sitting = useMemo(() => (current ? { ticket: current.ticket, calledAt: current.calledAt ?? null } : null), [current]);
  const shownVerdict = verdictIsCurrent(verdict, sitting) ? verdict : null;

  /** Runs one action; its own words (已叫 0001A) or the refusal stay on screen until the next action. */
  const act = useCallback(
    async (what: () => Promise<string | null>) => {
      if (busy) return;
      setBusy(true);
      try {
        const done = await what();
        setMessage(done === null ? null : { tone: 'ok', text: done });
      } catch (e) {
        setMessage({ tone: 'error', text: describeError(e) });
      } finally {
        setBusy(false);
        refresh();
      }
    },
    [busy, refresh],
  );
  const callNext = useCallback(() => act(async () => t('caller.called', { ticket: (await bridge.callNext({ station })).ticket })), [act, bridge, station, t]);
  const repeat = useCallback(
    () => current && act(async () => t('caller.repeated', { ticket: (await bridge.repeatCall({ ticket: current.ticket })).ticket })),
    [act, bridge, current, t],
  );
  const noShow = useCallback(
    () => current && act(async () => t('caller.marked', { ticket: (await bridge.noShow({ ticket: current.ticket })).ticket, status: t('ticketStatus.no-show') })),
    [act, bridge, current, t],
  );
  const done = useCallback(() => {
    if (!current) return;
    // After 不是本人 the first tap only asks: the photographer must mean it.
    if (photographedNeedsSecondTap(verdict, sitting) && armed !== current.ticket) {
      setArmed(current.ticket);
      return;
    }
    setArmed(null);
    return act(async () => t('caller.marked', { ticket: (await bridge.photographed({ ticket: current.ticket })).ticket, status: t('ticketStatus.photographed') }));
  }, [act, armed, bridge, current, sitting, t, verdict]);
  const retake = (ticket: string) =>
    act(async () => {
      await bridge.markRetake({ ticket });
      return t('retake.marked', { ticket });
    });
  /** A line from the hidden target (a wedge reader, a scanner) or the 核对本人 box. */
  const confirm = useCallback(
    async (line: string, byDevice: boolean) => {
      const asked = confirmLineFor(line, byDevice);
      if (asked.kind === 'misread') {
        setMessage({ tone: 'warn', text: t('caller.confirm.misread') });
        return;
      }
      if (asked.kind === 'nobody') {
        setMessage({ tone: 'warn', text: t('caller.confirm.notAStudent') });
        return;
      }
      try {
        setVerdict(viewOfVerdict(await bridge.confirmIdentity({ station, ...asked.request })));
        setArmed(null);
      } catch (e) {
        const view = viewOfError(e);
        if (view) {
          setVerdict(view);
          setArmed(null);
        } else if (errorCode(e) === 'invalid-id-number') {
          // The check-in's words say "not checked in"; at the camera it is a misread card.
          setMessage({ tone: 'warn', text: t('caller.confirm.misread') });
        } else setMessage({ tone: 'error', text: describeError(e) });
      }
    },
    [bridge, station, t],
  );
  const recall = (ticket: string) => act(async () => t('caller.called', { ticket: (await bridge.recall({ ticket })).ticket }));

  // N or space = 下一位, R = 重呼, S = 过号, Enter = 拍摄完成; a device's line = a confirm.
  // N goes to core even while someone is photographed: core's refusal says why in plain words.
  const { target, refocus } = useCameraKeys({
    onShortcut: (key) => {
      const k = key.toLowerCase();
      if (k === 'n' || k === ' ') void callNext();
      else if (k === 'r') void repeat();
      else if (k === 's') void noShow();
      else if (k === 'enter') void done();
    },
    onLine: (text, byDevice) => void confirm(text, byDevice),
  });

  const button = (action: CallerAction, label: string, key: string, run: () => unknown, testId: string) => (
    <button
      type="button"
      className={`btn btn-huge ${view.primary === action ? `btn-step ${BUTTON_CLASS[action]}` : action === 'noShow' ? 'btn-warn-outline' : ''}`}
      disabled={!view.enabled[action]}
      aria-keyshortcuts={key === '↵' ? 'Enter' : key}
      onClick={(e) => {
        blurAfterPointer(e, refocus);
        void run();
      }}
      data-testid={testId}
      data-primary={view.primary === action ? 'true' : undefined}
    >
      <span className="btn-label">{label}</span>
      <kbd>{key}</kbd>
    </button>
  );

  return (
    <div className="screen caller">
      <OfflineBanner onBack={() => { refresh(); loadRoom(); loadSettings(); }} />
      <WedgeTarget target={target} />
      <header className="topbar">
        <ExitLink bridge={bridge} />
        <h1>{t('caller.title', { station, room })}</h1>
      </header>
      <main className="caller-main">
        <section className={`caller-current${shownVerdict ? ' with-verdict' : ''}`} aria-live="polite">
          <div className="ticket-label">{t('caller.current')}</div>
          {current ? (
            <>
              <div className="ticket-huge" data-testid="caller-current">{current.ticket}{(current.retakes ?? 0) > 0 && <RetakeTag />}</div>
              <p className="student-name one-line">{current.name}</p>
              <p className="student-meta one-line">{current.studentId}{current.maskedId ? ` · ${current.maskedId}` : ''} · {current.college}</p>
            </>
          ) : (
            <div className="ticket-huge muted" data-testid="caller-current">{t('caller.none')}</div>
          )}
          {shownVerdict ? (
            <ConfirmVerdict view={shownVerdict} armed={current !== null && armed === current.ticket} />
          ) : (
            requireConfirm && current && !current.confirmed && <ToneLine tone="info" testId="confirm-required">{t('caller.confirm.required')}</ToneLine>
          )}
          <div className="caller-status">
            {!known ? (
              <ToneLine tone="error" testId="caller-message">{t('caller.unknownStation', { station })}</ToneLine>
            ) : message ? (
              <ToneLine tone={message.tone} testId="caller-message">{message.text}</ToneLine>
            ) : (
              !current && waiting.length === 0 && <p className="hint">{t('caller.emptyQueue')}</p>
            )}
          </div>
          <div className="caller-buttons">
            {button('next', t('caller.next'), 'N', callNext, 'call-next')}
            {button('repeat', t('caller.repeat'), 'R', repeat, 'repeat')}
            {button('noShow', t('caller.noShow'), 'S', noShow, 'no-show')}
            {button('photographed', t('caller.photographed'), '↵', done, 'photographed')}
          </div>
          <p className="hint small shortcuts">{t('caller.shortcuts')}</p>
        </section>
        <aside className="caller-lists">
          <ConfirmEntry disabled={busy} onLine={(line) => {
            void confirm(line, false);
            // Back to the hidden target, so the next card at the camera is read.
            (document.activeElement as HTMLElement | null)?.blur();
            refocus();
          }} />
          <h2>{t('caller.noShows')}</h2>
          {noShows.length === 0 ? (
            <p className="hint">{t('caller.noShowsEmpty')}</p>
          ) : (
            <ul className="queue-list" data-testid="no-show-list">
              {noShows.map((r) => (
                <li key={r.ticket}>
                  <strong>{r.ticket}</strong>
                  <span className="one-line">{r.name}</span>
                  <button type="button" className="btn btn-small" disabled={busy || current !== null} onClick={() => void recall(r.ticket)} data-testid={`recall-${r.ticket}`}>{t('caller.recall')}</button>
                </li>
              ))}
            </ul>
          )}
          <RetakeList tickets={queue} busy={busy} onRetake={(ticket) => void retake(ticket)} />
          <h2>{t('caller.waiting', { count: waiting.length })}</h2>
          <ol className="queue-list" data-testid="waiting-list">
            {waiting.slice(0, 30).map((r) => (
              <li key={r.ticket}><strong>{r.ticket}</strong>{(r.retakes ?? 0) > 0 && <RetakeTag />} <span className="one-line">{r.name} <span className="muted">{r.college}</span></span></li>
            ))}
          </ol>
        </aside>
      </main>
    </div>
  );
}
