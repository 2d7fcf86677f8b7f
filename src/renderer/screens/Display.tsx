// 候场大屏: the waiting room's TV. Now calling per room (huge), next numbers (a
// retake marked 补拍), last called, 过号 numbers, the estimated wait (only once the pace is known), the
// colleges in schedule order (running and next first), the dress rules; speaks each call.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge, liveSocket } from '../api/bridge.js';
import type { DisplayCollege, DisplayState, StationDisplay } from '../../shared/types.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { RetakeTag } from '../components/RetakeTag.js';
import { useLive } from '../lib/hooks.js';
import { SpeechQueue, callText } from '../lib/speech-queue.js';
import { useConnection, usePollWhileSocketDown } from '../lib/use-connection.js';
import { rememberVoice, soundAllowed, voiceRemembered } from '../lib/voice-consent.js';
import { bestSpeaker } from '../lib/voice.js';

/** While the live socket is down the display asks for its state this often, so it never freezes on a stale number. */
const POLL_MS = 3000;
const COLLEGE_ROWS = 8;

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function Display() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('display'), []);
  const [state, setState] = useState<DisplayState | null>(null);
  // The desktop app's display window may play sound unprompted (src/main/windows.ts).
  const [voiceOn, setVoiceOn] = useState(() => Boolean(window.swipequeue) || voiceRemembered(sessionStore()));
  const [flash, setFlash] = useState<string | null>(null);
  // The call in words on screen too, for those who cannot hear it.
  const [caption, setCaption] = useState<string | null>(null);
  const voice = useRef(new SpeechQueue(bestSpeaker));

  const refresh = useCallback(() => {
    bridge.getDisplay({}).then(setState, () => undefined);
  }, [bridge]);
  useEffect(() => {
    refresh();
  }, [bridge, refresh]);
  useConnection(refresh);
  usePollWhileSocketDown(refresh, POLL_MS);
  useEffect(() => liveSocket.subscribe((open) => open && refresh()), [refresh]);

  useLive(bridge, (e) => {
    if (e.type === 'ticket-called') {
      setFlash(e.ticket);
      setCaption(callText(e.ticket, e.room));
      // `repeat` is how many times to say it (settings.voiceRepeats, sent by core).
      if (voiceOn) voice.current.enqueue(callText(e.ticket, e.room), e.repeat);
    }
    if (e.type === 'queue-changed' || e.type === 'ticket-called' || e.type === 'checked-in' || e.type === 'event-changed') refresh();
  });

  // Sound needs a click or a key on the page first (browsers block autoplay): any will do.
  useEffect(() => {
    if (voiceOn) {
      if (window.swipequeue) return;
      // Remembered from earlier in this session, but a reloaded page may be silent again.
      void soundAllowed().then((ok) => !ok && setVoiceOn(false));
      return;
    }
    let cancelled = false;
    void soundAllowed().then((ok) => !cancelled && ok && setVoiceOn(true));
    const start = () => {
      rememberVoice(sessionStore());
      setVoiceOn(true);
    };
    window.addEventListener('pointerdown', start, { once: true });
    window.addEventListener('keydown', start, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener('pointerdown', start);
      window.removeEventListener('keydown', start);
    };
  }, [voiceOn]);

  const stations = state?.stations ?? [];
  const colleges = state?.colleges ?? [];
  return (
    <div className="screen display">
      <OfflineBanner />
      <header className="display-head">
        <h1>{state?.eventName ?? t('display.title')}</h1>
        {caption && <p className="caption" data-testid="call-caption">{caption}</p>}
        {voiceOn && <span className="voice-on" data-testid="voice-on">{t('display.voiceOn')}</span>}
      </header>
      {!voiceOn && (
        <button type="button" className="voice-start" data-testid="voice-start">
          <span className="voice-start-title">{t('display.soundOn')}</span>
          <span className="voice-start-hint">{t('display.startHint')}</span>
        </button>
      )}
      <main className={`display-main stations-${Math.min(stations.length, 3)}`}>
        {stations.map((s) => (
          <Room key={s.station} station={s} flash={flash} />
        ))}
      </main>
      <footer className="display-foot">
        <section className="progress">
          <h2>{t('display.progress')}</h2>
          <table data-testid="college-progress">
            <thead>
              <tr><th>{t('display.college')}</th><th>{t('display.slot')}</th><th>{t('display.checkedIn')}</th><th>{t('display.photographed')}</th></tr>
            </thead>
            <tbody>
              {colleges.slice(0, COLLEGE_ROWS).map((c) => <CollegeRow key={c.college} c={c} />)}
            </tbody>
          </table>
        </section>
        <section className="rules">
          <h2>{t('display.rulesTitle')}</h2>
          <ol>
            {(t('display.rules', { returnObjects: true }) as string[]).map((r) => <li key={r}>{r}</li>)}
          </ol>
        </section>
      </footer>
    </div>
  );
}

function Room({ station: s, flash }: { station: StationDisplay; flash: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="room" data-testid={`room-${s.station}`}>
      <div className="room-name">{t('display.room', { room: s.room })}</div>
      <div className="room-label">{t('display.nowCalling')}</div>
      <div className="calling-box">
        <div className={`calling ${s.calling === null ? 'calling-none' : flash === s.calling ? 'calling-flash' : ''}`} data-testid={`calling-${s.station}`}>
          {s.calling ?? t('display.notCalling')}
          {s.calling !== null && s.retakes.includes(s.calling) && <RetakeTag />}
        </div>
      </div>
      <div className="room-row">
        <span className="room-label">{t('display.next')}</span>
        <span className="numbers" data-testid={`next-${s.station}`}>
          {s.next.length === 0
            ? '—'
            : s.next.slice(0, 5).map((n, i) => (
                <span key={n}>
                  {i > 0 ? '  ' : ''}
                  {n}
                  {s.retakes.includes(n) && <RetakeTag />}
                </span>
              ))}
        </span>
      </div>
      <div className="room-row">
        <span className="room-label">{t('display.recent')}</span>
        <span className="numbers numbers-recent">{s.recent.slice(0, 5).join('  ') || '—'}</span>
      </div>
      {s.noShows.length > 0 && (
        <div className="room-row no-shows" data-testid={`no-shows-${s.station}`}>
          <span className="room-label">{t('display.noShows')}</span>
          <span className="numbers">{s.noShows.slice(0, 6).join('  ')}</span>
          <span className="no-shows-hint">{t('display.noShowsHint')}</span>
        </div>
      )}
      <div className="room-row room-wait" data-testid={`wait-${s.station}`}>
        <span>{t('display.waiting', { count: s.waiting })}</span>
        {s.waiting === 0 ? <span>{t('display.noWait')}</span> : s.estimatedWaitMinutes !== null && <span>{t('display.wait', { minutes: s.estimatedWaitMinutes })}</span>}
      </div>
    </section>
  );
}

function CollegeRow({ c }: { c: DisplayCollege }) {
  const { t } = useTranslation();
  const due = Math.max(1, c.onRoster - c.exempt);
  return (
    <tr className={`phase-${c.phase}`} data-phase={c.phase}>
      <td className="college-name">{c.college}</td>
      <td className="college-slot">
        {c.phase === 'running' || c.phase === 'next' ? <span className={`phase phase-tag-${c.phase}`}>{t(`display.phase.${c.phase}`)}</span> : null}
        {c.slot ? `${c.slot.start}–${c.slot.end} ${c.slot.room}` : ''}
      </td>
      <td>{c.checkedIn}/{c.onRoster}</td>
      <td>
        <span className="bar"><span className={`bar-fill w${Math.min(100, Math.round((c.photographed / due) * 20) * 5)}`} /></span>
        {c.photographed}
      </td>
    </tr>
  );
}
