// The kiosk's settings: the reader and the printer chosen from what this
// machine finds (or typed by an expert), each with its live status and a test;
// the desk's rules; the admin PIN.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { DeviceChoice, DeviceStatus, HardwareStatus, ReaderTestResult, Settings } from '../../../shared/types.js';
import { errorBody } from '../../api/bridge.js';
import i18next from '../../i18n/index.js';
import { describeError } from '../../lib/errors.js';
import { useLive } from '../../lib/hooks.js';
import { issuesByField, issuesOf } from '../../lib/issue-words.js';

const READER_TEST_SECONDS = 20;

/** The reader's and printer's status, kept current by the live events. */
function useHardware(bridge: Bridge): HardwareStatus | null {
  const [hw, setHw] = useState<HardwareStatus | null>(null);
  useEffect(() => {
    bridge.getHardwareStatus({}).then(setHw, () => setHw(null));
  }, [bridge]);
  useLive(bridge, (e) => {
    if (e.type === 'reader-status') setHw((h) => (h ? { ...h, reader: e.status } : h));
    if (e.type === 'printer-status') setHw((h) => (h ? { ...h, printer: e.status } : h));
  });
  return hw;
}

/** The state of a device in the catalogue's words (正常, 缺纸, 未配置…). */
export function stateWords(status: DeviceStatus | null | undefined): string {
  if (!status) return i18next.t('hw.unknown');
  const key = `status.${status.state}`;
  return i18next.exists(key) ? i18next.t(key) : i18next.t('hw.unknown');
}

/** "串口 COM3（CH340 · wch.cn）": what the machine says about a found device. */
export function choiceLabel(c: DeviceChoice): string {
  const about = [c.chip, c.maker].filter((x): x is string => Boolean(x)).join(' · ');
  return i18next.t('admin.settings.choice', { kind: i18next.t(`admin.settings.kinds.${c.kind}`), name: c.name, about: about ? i18next.t('admin.settings.about', { about }) : '' });
}

function StatusLine({ status, testId }: { status: DeviceStatus | null | undefined; testId: string }) {
  const { t } = useTranslation();
  const tone = !status ? 'device-none' : status.state === 'ok' ? 'device-ok' : status.state === 'none' || status.state === 'checking' ? 'device-none' : 'device-bad';
  return (
    <p className="device-line" data-testid={testId}>
      <span className={`device ${tone}`}>
        <span className="device-dot" aria-hidden="true" />
        {stateWords(status)}
      </span>
      {status && status.target !== 'none' && <span className="mono">{t('admin.settings.using', { target: status.target })}</span>}
    </p>
  );
}

interface DevicePickerProps {
  kind: 'reader' | 'printer';
  bridge: Bridge;
  pin: string;
  current: string;
  /** Offered before what is found: none, and the demo reader. */
  fixed: { target: string; label: string }[];
  onApplied: (s: Settings) => void;
}

/** Found devices in a list, a typed target for experts; choosing one switches the kiosk to it at once. */
function DevicePicker({ kind, bridge, pin, current, fixed, onApplied }: DevicePickerProps) {
  const { t } = useTranslation();
  const [found, setFound] = useState<DeviceChoice[] | null>(null);
  const [finding, setFinding] = useState(false);
  const [typed, setTyped] = useState(current);
  const [typedError, setTypedError] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const onMessage = (text: string, bad: boolean) => setNote({ text, bad });
  const find = async () => {
    setFinding(true);
    try {
      setFound(await (kind === 'reader' ? bridge.findReaders({}, { pin }) : bridge.findPrinters({}, { pin })));
    } catch (e) {
      onMessage(describeError(e), true);
    } finally {
      setFinding(false);
    }
  };
  useEffect(() => {
    void find();
    // Found once when the tab opens; 重新查找 looks again.
  }, []);
  useEffect(() => setTyped(current), [current]);
  const apply = async (target: string, fromTyped: boolean) => {
    setTypedError(null);
    setNote(null);
    try {
      const s = await bridge.updateSettings(kind === 'reader' ? { readerTarget: target } : { printerTarget: target }, { pin });
      onApplied(s);
      onMessage(t('admin.settings.applied', { target }), false);
    } catch (e) {
      const text = describeError(e);
      if (fromTyped) setTypedError(text);
      else onMessage(text, true);
    }
  };
  const options = [...fixed, ...(found ?? []).map((c) => ({ target: c.target, label: choiceLabel(c) }))];
  if (!options.some((o) => o.target === current)) options.push({ target: current, label: t('admin.settings.typedNow', { target: current }) });
  return (
    <div className="device-picker">
      <label className="field">
        {t(`admin.settings.choose.${kind}`)}
        <select value={current} onChange={(e) => void apply(e.target.value, false)} data-testid={`${kind}-choice`}>
          {options.map((o) => (
            <option key={o.target} value={o.target}>{o.label}</option>
          ))}
        </select>
      </label>
      <div className="row">
        <button type="button" className="btn btn-small" disabled={finding} onClick={() => void find()} data-testid={`${kind}-find`}>
          {finding ? t('admin.settings.finding') : t('admin.settings.findAgain')}
        </button>
        {found !== null && !finding && <span className="hint">{found.length === 0 ? t('admin.settings.noneFound') : t('admin.settings.foundCount', { count: found.length })}</span>}
      </div>
      <details className="typed-target">
        <summary data-testid={`${kind}-typed-open`}>{t('admin.settings.typed')}</summary>
        <p className="hint">{t(`admin.settings.typedHint.${kind}`)}</p>
        <div className="row">
          <input className="mono grow" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label={t('admin.settings.typed')} data-testid={`${kind}-typed`} />
          <button type="button" className="btn btn-small" onClick={() => void apply(typed.trim(), true)} data-testid={`${kind}-use`}>{t('admin.settings.use')}</button>
        </div>
        {typedError && <p className="field-error" role="alert" data-testid={`${kind}-typed-error`}>{typedError}</p>}
      </details>
      {note && (
        <p className={note.bad ? 'error' : 'ok-line'} role={note.bad ? 'alert' : 'status'} data-testid={`${kind}-note`}>
          {note.text}
        </p>
      )}
    </div>
  );
}

function ReaderTest({ bridge, pin, status }: { bridge: Bridge; pin: string; status: DeviceStatus | null | undefined }) {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [result, setResult] = useState<ReaderTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setWaiting(true);
    setResult(null);
    setError(null);
    try {
      setResult(await bridge.testReader({ seconds: READER_TEST_SECONDS }, { pin }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setWaiting(false);
    }
  };
  return (
    <div className="device-test">
      {/* With no reader there is nothing to wait for. */}
      <button type="button" className="btn" disabled={waiting || status?.state === 'none'} onClick={() => void run()} data-testid="reader-test">{t('admin.settings.testReader')}</button>
      {status?.state === 'none' && <p className="hint">{t('admin.settings.testReaderNoReader')}</p>}
      <div role="status" data-testid="reader-test-result">
        {waiting && <p className="notice">{t('admin.settings.testReaderWaiting', { seconds: READER_TEST_SECONDS })}</p>}
        {result?.card && (
          <p className="ok-line">
            {t('admin.settings.testReaderGot', { name: result.card.maskedName, maskedId: result.card.maskedId })}
            {' · '}
            {result.card.idNumberValid ? t('admin.settings.idOk') : t('admin.settings.idBad')}
          </p>
        )}
        {result && !result.card && <p className="error">{t('admin.settings.testReaderNone', { seconds: result.waited })}</p>}
        {error && <p className="error">{error}</p>}
      </div>
    </div>
  );
}

function PrinterTest({ bridge }: { bridge: Bridge }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState<{ words: string; ok: boolean } | null>(null);
  const run = async () => {
    setBusy(true);
    setText(null);
    try {
      const r = await bridge.testPrint({});
      if (r.printed) setText({ words: t('admin.settings.testPrinted'), ok: true });
      else {
        const hw = await bridge.getHardwareStatus({}).catch(() => null);
        setText({ words: t('admin.settings.testPrintFailed', { state: stateWords(hw?.printer) }), ok: false });
      }
    } catch (e) {
      setText({ words: describeError(e), ok: false });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="device-test">
      <button type="button" className="btn" disabled={busy} onClick={() => void run()} data-testid="printer-test">{t('admin.settings.testPrint')}</button>
      <div role="status" data-testid="printer-test-result">{text && <p className={text.ok ? 'ok-line' : 'error'}>{text.words}</p>}</div>
    </div>
  );
}

/** A message under a field, from a refused save. */
function FieldError({ text }: { text: string | undefined }) {
  return text ? <span className="field-error" role="alert">{text}</span> : null;
}

export function SettingsTab({ bridge, pin, onPinChanged }: { bridge: Bridge; pin: string; onPinChanged: (pin: string) => void }) {
  const { t } = useTranslation();
  const hw = useHardware(bridge);
  const [s, setS] = useState<Settings | null>(null);
  const [stations, setStations] = useState<{ code: string; room: string }[]>([]);
  /** Each card says its own outcome under its own button: desk rules, paper width, PIN. */
  const [message, setMessage] = useState<{ text: string; bad: boolean; at: 'desk' | 'paper' | 'pin' } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [newPin, setNewPin] = useState('');
  useEffect(() => {
    bridge.getSettings({}).then(setS, (e) => setMessage({ text: describeError(e), bad: true, at: 'desk' }));
    bridge.getEvent({}).then((ev) => setStations(ev?.stations ?? []), () => undefined);
  }, [bridge]);
  if (!s) return <p>{message?.text ?? t('app.loading')}</p>;
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setS({ ...s, [k]: v });
  const say = (at: 'desk' | 'paper' | 'pin', text: string, bad: boolean) => setMessage({ text, bad, at });
  const fail = (at: 'desk' | 'paper' | 'pin', e: unknown) => {
    setFieldErrors(issuesByField(issuesOf(errorBody(e))));
    say(at, describeError(e), true);
  };
  const note = (at: 'desk' | 'paper' | 'pin', testId: string) =>
    message?.at === at ? (
      <p className={message.bad ? 'error' : 'ok-line'} role={message.bad ? 'alert' : 'status'} data-testid={testId}>
        {message.text}
      </p>
    ) : null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setFieldErrors(new Map());
    try {
      const { walkInsAllowed, requireConfirm, deskStation, siteStations, voiceRepeats, feeDefault, deskIdleSeconds } = s;
      setS(await bridge.updateSettings({ walkInsAllowed, requireConfirm, deskStation, siteStations, voiceRepeats, feeDefault, deskIdleSeconds }, { pin }));
      say('desk', t('admin.settings.saved'), false);
    } catch (err) {
      fail('desk', err);
    }
  };
  const setPaper = async (paperWidth: 58 | 80) => {
    try {
      setS(await bridge.updateSettings({ paperWidth }, { pin }));
      say('paper', t('admin.settings.saved'), false);
    } catch (err) {
      fail('paper', err);
    }
  };
  const changePin = async () => {
    try {
      // The current PIN travels in the call context; the new one in the patch.
      await bridge.updateSettings({ adminPin: newPin }, { pin });
      onPinChanged(newPin);
      setNewPin('');
      say('pin', t('admin.settings.pinChanged'), false);
    } catch (err) {
      fail('pin', err);
    }
  };
  const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return (
    <div className="settings-page">
      <section className="settings-card" aria-labelledby="set-reader">
        <h2 id="set-reader">{t('admin.settings.reader')}</h2>
        <StatusLine status={hw?.reader} testId="reader-status" />
        <DevicePicker
          kind="reader"
          bridge={bridge}
          pin={pin}
          current={s.readerTarget}
          fixed={[
            { target: 'none', label: t('admin.settings.noReader') },
            { target: 'demo', label: t('admin.settings.demoReader') },
          ]}
          onApplied={setS}
        />
        <ReaderTest bridge={bridge} pin={pin} status={hw?.reader} />
      </section>

      <section className="settings-card" aria-labelledby="set-printer">
        <h2 id="set-printer">{t('admin.settings.printer')}</h2>
        <StatusLine status={hw?.printer} testId="printer-status" />
        <DevicePicker kind="printer" bridge={bridge} pin={pin} current={s.printerTarget} fixed={[{ target: 'none', label: t('admin.settings.noPrinter') }]} onApplied={setS} />
        <label className="field narrow">
          {t('admin.settings.paperWidth')}
          <select value={s.paperWidth} onChange={(e) => void setPaper(Number(e.target.value) === 58 ? 58 : 80)} data-testid="paper-width">
            <option value={80}>{t('admin.settings.paper', { mm: 80 })}</option>
            <option value={58}>{t('admin.settings.paper', { mm: 58 })}</option>
          </select>
        </label>
        {note('paper', 'paper-message')}
        <PrinterTest bridge={bridge} />
      </section>

      <form className="settings-card settings" onSubmit={(e) => void save(e)} noValidate>
        <h2>{t('admin.settings.desk')}</h2>
        <label className="check">
          <input type="checkbox" checked={s.walkInsAllowed} onChange={(e) => set('walkInsAllowed', e.target.checked)} data-testid="walk-ins" />
          {t('admin.settings.walkInsAllowed')}
        </label>
        <label className="check">
          <input type="checkbox" checked={s.requireConfirm} onChange={(e) => set('requireConfirm', e.target.checked)} data-testid="require-confirm" />
          {t('admin.settings.requireConfirm')}
        </label>
        <label className="field">{t('admin.settings.deskStation')}
          <select value={s.deskStation ?? ''} onChange={(e) => set('deskStation', e.target.value || null)}>
            <option value="">{t('admin.settings.bySchedule')}</option>
            {stations.map((c) => <option key={c.code} value={c.code}>{t('admin.settings.toStation', { station: c.code, room: c.room })}</option>)}
          </select>
          <FieldError text={fieldErrors.get('deskStation')} />
        </label>
        {/* Two campuses, two kiosks, one event file: each issues only its own stations' numbers (merged at the end of the day). */}
        {stations.length > 1 && (
          <fieldset className="site-stations" data-testid="site-stations">
            <legend>{t('admin.settings.siteStations')}</legend>
            {stations.map((c) => (
              <label key={c.code} className="check">
                <input
                  type="checkbox"
                  checked={s.siteStations.includes(c.code)}
                  onChange={(e) => set('siteStations', e.target.checked ? [...s.siteStations, c.code].sort() : s.siteStations.filter((x) => x !== c.code))}
                  data-testid={`site-station-${c.code}`}
                />
                {t('admin.settings.siteStation', { station: c.code, room: c.room })}
              </label>
            ))}
            <p className="hint">{t('admin.settings.siteStationsHint')}</p>
            <FieldError text={fieldErrors.get('siteStations')} />
          </fieldset>
        )}
        <label className="field">{t('admin.settings.feeDefault')}
          <select value={s.feeDefault} onChange={(e) => set('feeDefault', e.target.value === 'paid' ? 'paid' : 'unpaid')} data-testid="fee-default">
            <option value="unpaid">{t('desk.fee.unpaid')}</option>
            <option value="paid">{t('desk.fee.paid')}</option>
          </select>
        </label>
        <label className="field">{t('admin.settings.deskIdleSeconds')}
          <input type="number" inputMode="numeric" min={3} max={600} value={Number.isNaN(s.deskIdleSeconds) ? '' : s.deskIdleSeconds} onChange={(e) => set('deskIdleSeconds', number(e.target.value))} data-testid="desk-idle" />
          <FieldError text={fieldErrors.get('deskIdleSeconds')} />
        </label>
        <label className="field">{t('admin.settings.voiceRepeats')}
          <input type="number" inputMode="numeric" min={1} max={5} value={Number.isNaN(s.voiceRepeats) ? '' : s.voiceRepeats} onChange={(e) => set('voiceRepeats', number(e.target.value))} />
          <FieldError text={fieldErrors.get('voiceRepeats')} />
        </label>
        <div className="row">
          <button type="submit" className="btn btn-primary" data-testid="settings-save">{t('admin.settings.save')}</button>
        </div>
        {note('desk', 'settings-message')}
      </form>

      <fieldset className="settings-card pin-change">
        <legend>{t('admin.settings.changePin')}</legend>
        <label className="field">{t('admin.settings.newPin')}
          <input type="password" inputMode="numeric" autoComplete="new-password" value={newPin} onChange={(e) => setNewPin(e.target.value)} data-testid="new-pin" />
          <FieldError text={fieldErrors.get('adminPin')} />
        </label>
        <button type="button" className="btn" disabled={newPin.length < 4} onClick={() => void changePin()}>{t('admin.settings.changePin')}</button>
        {note('pin', 'pin-message')}
      </fieldset>
    </div>
  );
}
