// 候场大屏: the waiting room's TV. Now calling per room (huge), next numbers,
// last called, estimated wait, per-college progress, the dress rules; speaks each call.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../api/bridge.js';
import type { DisplayState } from '../../shared/types.js';
import { useLive } from '../lib/hooks.js';
import { SpeechQueue, callText } from '../lib/speech-queue.js';
import { bestSpeaker } from '../lib/voice.js';

export function Display() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('display'), []);
  const [state, setState] = useState<DisplayState | null>(null);
  const [voiceOn, setVoiceOn] = useState(false);
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
  useLive(bridge, (e) => {
    if (e.type === 'ticket-called') {
      setFlash(e.ticket);
      setCaption(callText(e.ticket, e.room));
      // `repeat` > 0 is the photographer's 重呼: say it once more, otherwise the configured times.
      // `repeat` is how many times to say it (settings.voiceRepeats, sent by core).
      if (voiceOn) voice.current.enqueue(callText(e.ticket, e.room), e.repeat);
    }
    if (e.type === 'queue-changed' || e.type === 'ticket-called' || e.type === 'checked-in' || e.type === 'event-changed') refresh();
  });

  // Browsers block audio until the page has been clicked or a key pressed.
  useEffect(() => {
    if (voiceOn) return;
    const start = () => setVoiceOn(true);
    window.addEventListener('keydown', start, { once: true });
    return () => window.removeEventListener('keydown', start);
  }, [voiceOn]);

  const stations = state?.stations ?? [];
  return (
    <div className="screen display">
      <header className="display-head">
        <h1>{state?.eventName ?? t('display.title')}</h1>
        {caption && <p className="caption" data-testid="call-caption">{caption}</p>}
        {voiceOn ? (
          <span className="voice-on">{t('display.voiceOn')}</span>
        ) : (
          <button type="button" className="voice-start" onClick={() => setVoiceOn(true)} data-testid="voice-start">
            <span className="voice-start-title">{t('display.start')}</span>
            <span className="hint">{t('display.startHint')}</span>
          </button>
        )}
      </header>
      <main className={`display-main stations-${Math.min(stations.length, 3)}`}>
        {stations.map((s) => (
          <section key={s.station} className="room" data-testid={`room-${s.station}`}>
            <div className="room-name">{s.room}</div>
            <div className="room-label">{t('display.nowCalling')}</div>
            <div className={`calling ${s.calling === null ? 'calling-none' : flash === s.calling ? 'calling-flash' : ''}`} data-testid={`calling-${s.station}`}>{s.calling ?? t('display.notCalling')}</div>
            <div className="room-row">
              <span className="room-label">{t('display.next')}</span>
              <span className="numbers" data-testid={`next-${s.station}`}>{s.next.slice(0, 5).join('  ') || '—'}</span>
            </div>
            <div className="room-row">
              <span className="room-label">{t('display.recent')}</span>
              <span className="numbers muted">{s.recent.slice(0, 5).join('  ') || '—'}</span>
            </div>
            <div className="room-row">
              <span>{t('display.waiting', { count: s.waiting })}</span>
              <span>{s.waiting === 0 ? t('display.noWait') : s.estimatedWaitMinutes === null ? t('display.waitUnknown') : t('display.wait', { minutes: s.estimatedWaitMinutes })}</span>
            </div>
          </section>
        ))}
      </main>
      <footer className="display-foot">
        <section className="progress">
          <h2>{t('display.progress')}</h2>
          <table>
            <thead>
              <tr><th>{t('display.college')}</th><th>{t('display.onRoster')}</th><th>{t('display.checkedIn')}</th><th>{t('display.photographed')}</th></tr>
            </thead>
            <tbody>
              {(state?.colleges ?? []).slice(0, 8).map((c) => (
                <tr key={c.college}>
                  <td>{c.college}</td>
                  <td>{c.onRoster}</td>
                  <td>{c.checkedIn}</td>
                  <td>
                    <span className="bar"><span className={`bar-fill w${Math.round((c.photographed / Math.max(1, c.onRoster - c.exempt)) * 20) * 5}`} /></span>
                    {c.photographed}
                  </td>
                </tr>
              ))}
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
