// 管理: behind the admin PIN. Event and roster import, settings, exports, statistics.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../api/bridge.js';
import type { Bridge } from '../../shared/contract.js';
import type { EventInfo, RosterImportResult, Settings, Stats } from '../../shared/types.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';
import { rosterRowText } from '../lib/roster-words.js';
import { AccessLinksPanel } from '../components/AccessLinksPanel.js';
import { ArrivalsChart } from '../components/ArrivalsChart.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { DefaultPinBanner } from '../components/DefaultPinBanner.js';
import { ReaderSelfTest } from '../components/ReaderSelfTest.js';

type Tab = 'event' | 'roster' | 'settings' | 'exports' | 'stats' | 'access';
const TABS: Tab[] = ['event', 'roster', 'settings', 'exports', 'stats', 'access'];
const EXPORT_KINDS = ['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv'] as const;

export function Admin() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('admin'), []);
  const [pin, setPin] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('event');
  if (pin === null) return <PinGate bridge={bridge} onOk={setPin} />;
  return (
    <div className="screen admin">
      <OfflineBanner />
      <header className="topbar">
        <a href="#/" className="brand">{t('app.title')}</a>
        <h1>{t('admin.title')}</h1>
        <button type="button" className="btn btn-small" onClick={() => setPin(null)}>{t('admin.logout')}</button>
      </header>
      <DefaultPinBanner bridge={bridge} pin={pin} onPinChanged={setPin} />
      <nav className="tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab ${tab === k ? 'tab-on' : ''}`} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
            {t(`admin.tabs.${k}`)}
          </button>
        ))}
      </nav>
      <main className="admin-main">
        {tab === 'event' && <EventTab bridge={bridge} pin={pin} />}
        {tab === 'roster' && <RosterTab bridge={bridge} pin={pin} />}
        {tab === 'settings' && <SettingsTab bridge={bridge} pin={pin} onPinChanged={setPin} />}
        {tab === 'settings' && <ReaderSelfTest bridge={bridge} />}
        {tab === 'exports' && <ExportsTab bridge={bridge} pin={pin} />}
        {tab === 'stats' && <StatsTab bridge={bridge} />}
        {tab === 'access' && <AccessLinksPanel bridge={bridge} pin={pin} />}
      </main>
    </div>
  );
}

function PinGate({ bridge, onOk }: { bridge: Bridge; onOk: (pin: string) => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await bridge.verifyPin({}, { pin });
      onOk(pin);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <div className="screen admin">
      <OfflineBanner />
      <header className="topbar">
        <a href="#/" className="brand">{t('app.title')}</a>
        <h1>{t('admin.title')}</h1>
      </header>
      <form className="pin-gate" onSubmit={(e) => void submit(e)}>
        <label className="field">
          {t('admin.pinPrompt')}
          <input type="password" inputMode="numeric" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} data-testid="admin-pin" />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="btn btn-primary">{t('admin.enter')}</button>
      </form>
    </div>
  );
}

function EventTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EventInfo | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = () => bridge.getEvent({}).then(setEvent, () => setEvent(null));
  useEffect(() => {
    void load();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await bridge.importEvent(JSON.parse(text), { pin });
      setMessage(t('admin.event.imported', { stations: r.stations, slots: r.slots }));
      await load();
    } catch (err) {
      setMessage(err instanceof SyntaxError ? `JSON：${err.message}` : describeError(err));
    }
  };
  return (
    <section>
      <p className="lead">{event ? t('admin.event.current', { name: event.name, date: event.date }) : t('admin.event.none')}</p>
      {event && (
        <table className="table">
          <tbody>
            {event.slots.map((s, i) => (
              <tr key={i}><td>{s.station}</td><td>{event.stations.find((x) => x.code === s.station)?.room}</td><td>{s.college}</td><td>{s.start}–{s.end}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          {t('admin.event.paste')}
          <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="event-json" />
        </label>
        <button type="submit" className="btn btn-primary">{t('admin.event.import')}</button>
      </form>
      {message && <p className="notice" role="status">{message}</p>}
    </section>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function RosterTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RosterImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await bridge.importRoster({ fileName: file.name, contentBase64: await readBase64(file) }, { pin }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <label className="field">
        {t('admin.roster.choose')}
        <input type="file" accept=".csv,.xlsx,.xls,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="roster-file" />
      </label>
      <p className="hint">{t('admin.roster.columns')}</p>
      {busy && <progress className="progress-bar" aria-label={t('admin.roster.importing')} />}
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <div data-testid="roster-result">
          <p className="lead">{t('admin.roster.result', { imported: result.imported, updated: result.updated, skipped: result.skipped.length })}</p>
          <ul className="row-errors">
            {result.skipped.map((s) => <li key={s.row}>{rosterRowText(s)}</li>)}
            {result.warnings.map((w) => <li key={`w${w.row}`}>{rosterRowText(w)}</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}

function SettingsTab({ bridge, pin, onPinChanged }: { bridge: Bridge; pin: string; onPinChanged: (pin: string) => void }) {
  const { t } = useTranslation();
  const [s, setS] = useState<Settings | null>(null);
  const [stations, setStations] = useState<{ code: string; room: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [newPin, setNewPin] = useState('');
  useEffect(() => {
    bridge.getSettings({}).then(setS, (e) => setMessage(describeError(e)));
    bridge.getEvent({}).then((ev) => setStations(ev?.stations ?? []), () => undefined);
  }, [bridge]);
  if (!s) return <p>{message ?? t('app.loading')}</p>;
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setS({ ...s, [k]: v });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setS(await bridge.updateSettings({ ...s }, { pin }));
      setMessage(t('admin.settings.saved'));
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  const changePin = async () => {
    try {
      // Changing the PIN needs the current one, in the patch as well as in the header.
      await bridge.updateSettings({ adminPin: newPin }, { pin });
      onPinChanged(newPin);
      setNewPin('');
      setMessage(t('admin.settings.pinChanged'));
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  const testPrint = async () => {
    try {
      setMessage((await bridge.testPrint({})).message);
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  return (
    <form className="settings" onSubmit={(e) => void save(e)}>
      <label className="check"><input type="checkbox" checked={s.walkInsAllowed} onChange={(e) => set('walkInsAllowed', e.target.checked)} />{t('admin.settings.walkInsAllowed')}</label>
      <label className="check"><input type="checkbox" checked={s.requireConfirm} onChange={(e) => set('requireConfirm', e.target.checked)} data-testid="require-confirm" />{t('admin.settings.requireConfirm')}</label>
      <label className="field">{t('admin.settings.deskStation')}
        <select value={s.deskStation ?? ''} onChange={(e) => set('deskStation', e.target.value || null)}>
          <option value="">{t('admin.settings.bySchedule')}</option>
          {stations.map((c) => <option key={c.code} value={c.code}>{t('admin.settings.toStation', { station: c.code, room: c.room })}</option>)}
        </select>
      </label>
      <label className="field">{t('admin.settings.voiceRepeats')}
        <input type="number" min={1} max={5} value={s.voiceRepeats} onChange={(e) => set('voiceRepeats', Number(e.target.value))} />
      </label>
      <label className="field">{t('admin.settings.feeDefault')}
        <select value={s.feeDefault} onChange={(e) => set('feeDefault', e.target.value as Settings['feeDefault'])}>
          <option value="unpaid">{t('desk.fee.unpaid')}</option>
          <option value="paid">{t('desk.fee.paid')}</option>
        </select>
      </label>
      <label className="field">{t('admin.settings.deskIdleSeconds')}
        <input type="number" min={3} max={600} value={s.deskIdleSeconds} onChange={(e) => set('deskIdleSeconds', Number(e.target.value))} />
      </label>
      <label className="field">{t('admin.settings.readerTarget')}
        <input value={s.readerTarget} onChange={(e) => set('readerTarget', e.target.value)} />
      </label>
      <label className="field">{t('admin.settings.printerTarget')}
        <input value={s.printerTarget} onChange={(e) => set('printerTarget', e.target.value)} />
      </label>
      <label className="field">{t('admin.settings.paperWidth')}
        <select value={s.paperWidth} onChange={(e) => set('paperWidth', Number(e.target.value) === 58 ? 58 : 80)}>
          <option value={80}>80</option>
          <option value={58}>58</option>
        </select>
      </label>
      <div className="row">
        <button type="submit" className="btn btn-primary">{t('admin.settings.save')}</button>
        <button type="button" className="btn" onClick={() => void testPrint()}>{t('admin.settings.testPrint')}</button>
      </div>
      <fieldset className="pin-change">
        <legend>{t('admin.settings.changePin')}</legend>
        <label className="field">{t('admin.settings.newPin')}
          <input type="password" inputMode="numeric" autoComplete="new-password" value={newPin} onChange={(e) => setNewPin(e.target.value)} data-testid="new-pin" />
        </label>
        <button type="button" className="btn" disabled={newPin.length < 4} onClick={() => void changePin()}>{t('admin.settings.changePin')}</button>
      </fieldset>
      {message && <p className="notice" role="status">{message}</p>}
    </form>
  );
}

function download(fileName: string, mime: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ExportsTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [colleges, setColleges] = useState<string[]>([]);
  const [college, setCollege] = useState('');
  useEffect(() => {
    bridge.getEvent({}).then((ev) => setColleges([...new Set(ev?.slots.map((x) => x.college) ?? [])]), () => undefined);
  }, [bridge]);
  const get = async (kind: (typeof EXPORT_KINDS)[number]) => {
    setBusy(kind);
    setMessage(null);
    setDone(null);
    try {
      const f = await bridge.exportFile({ kind, ...(college ? { college } : {}) }, { pin });
      download(f.fileName, f.mime, f.base64);
      setDone(t('admin.exports.downloaded', { name: f.fileName }));
    } catch (err) {
      setMessage(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section>
      <h2>{t('admin.exports.heading')}</h2>
      <p className="hint">{t('admin.exports.hint')}</p>
      <label className="field narrow">{t('admin.exports.college')}
        <select value={college} onChange={(e) => setCollege(e.target.value)} data-testid="export-college">
          <option value="">{t('admin.exports.allColleges')}</option>
          {colleges.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <div className="export-grid">
        {EXPORT_KINDS.map((k) => (
          <button key={k} type="button" className="btn" disabled={busy !== null} onClick={() => void get(k)} data-testid={`export-${k}`}>
            {busy === k ? t('admin.exports.downloading') : t(`admin.exports.kinds.${k}`)}
          </button>
        ))}
      </div>
      {done && <p className="notice" role="status">{done}</p>}
      {message && <p className="error" role="alert">{message}</p>}
    </section>
  );
}

function StatsTab({ bridge }: { bridge: Bridge }) {
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
