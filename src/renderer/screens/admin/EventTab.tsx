// The event editor: name, date, fee, the rooms (stations) and the schedule's
// slots, each slot with its station, time and one or more colleges (names
// offered from the roster). Problems show beside their field in Chinese, from
// the same schema and rules the kiosk applies; the event file can be loaded
// from a .json file and downloaded.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import { jsonErrorWhere } from '../../../shared/json-where.js';
import type { FieldIssue } from '../../../shared/schemas.js';
import type { EventInfo } from '../../../shared/types.js';
import { errorBody } from '../../api/bridge.js';
import i18next from '../../i18n/index.js';
import { describeError, errorParams } from '../../lib/errors.js';
import {
  LETTERS,
  eventFileText,
  fileFromForm,
  formFromEvent,
  formFromJson,
  formIssues,
  issueAtForm,
  newSlot,
  newStation,
  type EventForm,
  type SlotRow,
  type StationRow,
} from '../../lib/event-form.js';
import { useLive } from '../../lib/hooks.js';
import { issueText, issuesByField, issuesOf } from '../../lib/issue-words.js';
import { downloadText, readText } from './files.js';

type Messages = Map<string, string>;

function Msg({ messages, at }: { messages: Messages; at: string }) {
  const text = messages.get(at);
  return text ? (
    <span className="field-error" role="alert" data-testid={`issue-${at}`}>
      {text}
    </span>
  ) : null;
}

const by = <T extends { key: number }>(rows: T[], k: number, change: Partial<T>): T[] => rows.map((r) => (r.key === k ? { ...r, ...change } : r));

function Stations({ form, setForm, messages }: { form: EventForm; setForm: (f: EventForm) => void; messages: Messages }) {
  const { t } = useTranslation();
  const setCode = (row: StationRow, code: string) =>
    // The slots at a station follow it when its letter changes.
    setForm({ ...form, stations: by(form.stations, row.key, { code }), slots: form.slots.map((s) => (s.station === row.code ? { ...s, station: code } : s)) });
  return (
    <fieldset className="editor-block" data-testid="stations">
      <legend>{t('admin.event.stations')}</legend>
      <p className="hint">{t('admin.event.stationsHint')}</p>
      <Msg messages={messages} at="stations" />
      {form.stations.map((s, i) => (
        <div className="editor-row station-row" key={s.key} data-testid={`station-${i}`}>
          <label className="field field-letter">
            {t('admin.event.code')}
            <select value={s.code} onChange={(e) => setCode(s, e.target.value)} data-testid={`station-${i}-code`}>
              {LETTERS.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
            <Msg messages={messages} at={`stations.${i}.code`} />
          </label>
          <label className="field grow">
            {t('admin.event.room')}
            <input value={s.room} placeholder={t('admin.event.roomPlaceholder')} onChange={(e) => setForm({ ...form, stations: by(form.stations, s.key, { room: e.target.value }) })} data-testid={`station-${i}-room`} />
            <Msg messages={messages} at={`stations.${i}.room`} />
          </label>
          <button
            type="button"
            className="btn btn-small btn-danger row-remove"
            aria-label={t('admin.event.removeStation', { code: s.code })}
            onClick={() => setForm({ ...form, stations: form.stations.filter((x) => x.key !== s.key) })}
          >
            {t('admin.event.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" disabled={form.stations.length >= 26} onClick={() => setForm({ ...form, stations: [...form.stations, newStation(form)] })} data-testid="add-station">
        {t('admin.event.addStation')}
      </button>
    </fieldset>
  );
}

function SlotEditor({ slot, index, form, setSlot, remove, messages, listId }: { slot: SlotRow; index: number; form: EventForm; setSlot: (s: Partial<SlotRow>) => void; remove: () => void; messages: Messages; listId: string }) {
  const { t } = useTranslation();
  const stationKnown = form.stations.some((s) => s.code === slot.station);
  return (
    <div className="editor-row slot-row" data-testid={`slot-${index}`}>
      <span className="slot-number">{t('admin.event.slotNumber', { n: index + 1 })}</span>
      <label className="field">
        {t('admin.event.station')}
        <select value={slot.station} onChange={(e) => setSlot({ station: e.target.value })} data-testid={`slot-${index}-station`}>
          {!stationKnown && <option value={slot.station}>{t('admin.event.stationGone', { code: slot.station })}</option>}
          {form.stations.map((s) => (
            <option key={s.key} value={s.code}>{s.room ? t('admin.event.stationOption', { code: s.code, room: s.room }) : s.code}</option>
          ))}
        </select>
        <Msg messages={messages} at={`slots.${index}.station`} />
      </label>
      <label className="field field-time">
        {t('admin.event.start')}
        <input type="time" step={300} value={slot.start} onChange={(e) => setSlot({ start: e.target.value })} data-testid={`slot-${index}-start`} />
        <Msg messages={messages} at={`slots.${index}.start`} />
      </label>
      <label className="field field-time">
        {t('admin.event.end')}
        <input type="time" step={300} value={slot.end} onChange={(e) => setSlot({ end: e.target.value })} data-testid={`slot-${index}-end`} />
        <Msg messages={messages} at={`slots.${index}.end`} />
      </label>
      <div className="field slot-colleges">
        <span>{t('admin.event.colleges')}</span>
        {slot.colleges.map((c, k) => (
          <div className="college-line" key={k}>
            <input
              value={c}
              list={listId}
              aria-label={t('admin.event.collegeN', { n: k + 1 })}
              placeholder={t('admin.event.collegePlaceholder')}
              onChange={(e) => setSlot({ colleges: slot.colleges.map((x, j) => (j === k ? e.target.value : x)) })}
              data-testid={`slot-${index}-college-${k}`}
            />
            {slot.colleges.length > 1 && (
              <button type="button" className="btn btn-small" aria-label={t('admin.event.removeCollege', { college: c })} onClick={() => setSlot({ colleges: slot.colleges.filter((_, j) => j !== k) })}>
                ×
              </button>
            )}
            {k === slot.colleges.length - 1 && (
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('admin.event.addCollegeLong', { n: index + 1 })}
                onClick={() => setSlot({ colleges: [...slot.colleges, ''] })}
                data-testid={`slot-${index}-add-college`}
              >
                {t('admin.event.addCollege')}
              </button>
            )}
            <Msg messages={messages} at={`slots.${index}.colleges.${k}`} />
          </div>
        ))}
        <Msg messages={messages} at={`slots.${index}.colleges`} />
      </div>
      <Msg messages={messages} at={`slots.${index}`} />
      <button type="button" className="btn btn-small btn-danger row-remove" aria-label={t('admin.event.removeSlot', { n: index + 1 })} onClick={remove}>
        {t('admin.event.remove')}
      </button>
    </div>
  );
}

/** The messages beside the fields: a form path → the words of its problems. */
function messagesOf(issues: readonly FieldIssue[]): Messages {
  return issuesByField(issues);
}

export function EventTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<EventInfo | null>(null);
  const [form, setForm] = useState<EventForm>(() => formFromEvent(null));
  const [loaded, setLoaded] = useState(false);
  const [checked, setChecked] = useState(false);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ text: string; bad: boolean } | null>(null);
  const [rosterColleges, setRosterColleges] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const ev = await bridge.getEvent({}).catch(() => null);
    setSaved(ev);
    setForm(formFromEvent(ev));
    setLoaded(true);
  };
  const loadColleges = () => bridge.getStats({}).then((s) => setRosterColleges(s.colleges.map((c) => c.college)), () => undefined);
  useEffect(() => {
    void load();
    void loadColleges();
  }, [bridge]);
  // The roster can arrive while the form is open: its colleges join the suggestions.
  useLive(bridge, (e) => {
    if (e.type === 'event-changed') void loadColleges();
  });

  const issues = useMemo(() => (checked ? formIssues(form) : []), [checked, form]);
  const messages = useMemo(() => messagesOf([...issues, ...serverIssues]), [issues, serverIssues]);
  const suggestions = useMemo(() => [...new Set([...rosterColleges, ...form.slots.flatMap((s) => s.colleges)].map((c) => c.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [rosterColleges, form.slots]);
  const unsaved = loaded && eventFileText(form) !== eventFileText(formFromEvent(saved));
  const renames = saved !== null && form.name.trim() !== '' && form.name.trim() !== saved.name;

  const edit = (f: EventForm) => {
    setForm(f);
    setServerIssues([]);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    setNotice(null);
    const found = formIssues(form);
    if (found.length > 0) {
      setNotice({ text: t('admin.event.fixFirst', { count: found.length, first: issueText(found[0]!) }), bad: true });
      return;
    }
    const { file, origin } = fileFromForm(form);
    setBusy(true);
    try {
      const r = await bridge.importEvent(file, { pin });
      setNotice({ text: t('admin.event.saved', { stations: r.stations, slots: form.slots.length }), bad: false });
      setServerIssues([]);
      await load();
    } catch (err) {
      const atForm = issuesOf(errorBody(err)).map((i) => issueAtForm(i, origin));
      setServerIssues(atForm);
      setNotice({ text: atForm.length > 0 ? t('admin.event.fixFirst', { count: atForm.length, first: issueText(atForm[0]!) }) : describeError(err), bad: true });
    } finally {
      setBusy(false);
    }
  };
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    setNotice(null);
    const text = await readText(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      const where = jsonErrorWhere(text, (err as Error).message);
      setNotice({ text: i18next.t('errors.bad-json', errorParams({ file: file.name, line: where.line, column: where.column })), bad: true });
      return;
    }
    const next = formFromJson(json);
    if (!next) {
      setNotice({ text: t('admin.event.notEventFile', { file: file.name }), bad: true });
      return;
    }
    edit(next);
    setChecked(true);
    setNotice({ text: t('admin.event.fileRead', { file: file.name }), bad: false });
  };
  const sortSlots = () =>
    edit({ ...form, slots: [...form.slots].sort((a, b) => (a.station === b.station ? (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) : a.station < b.station ? -1 : 1)) });

  if (!loaded) return <p>{t('app.loading')}</p>;
  const listId = 'college-suggestions';
  return (
    <section className="event-editor">
      <p className="lead" data-testid="event-current">{saved ? t('admin.event.current', { name: saved.name, date: saved.date }) : t('admin.event.none')}</p>
      <div className="row event-files">
        <label className="btn btn-small file-button">
          {t('admin.event.openJson')}
          <input type="file" accept=".json,application/json" className="visually-hidden" onChange={(e) => void openFile(e.target.files?.[0])} data-testid="event-file" />
        </label>
        <button type="button" className="btn btn-small" onClick={() => downloadText(`${form.name.trim() || t('admin.event.fileName')}.json`, 'application/json', eventFileText(form))} data-testid="event-download">
          {t('admin.event.downloadJson')}
        </button>
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="editor-block">
          <legend>{t('admin.event.basics')}</legend>
          <div className="editor-row">
            <label className="field grow">
              {t('admin.event.name')}
              <input value={form.name} placeholder={t('admin.event.namePlaceholder')} onChange={(e) => edit({ ...form, name: e.target.value })} data-testid="event-name" />
              <Msg messages={messages} at="name" />
            </label>
            <label className="field">
              {t('admin.event.date')}
              <input type="date" value={form.date} onChange={(e) => edit({ ...form, date: e.target.value })} data-testid="event-date" />
              <Msg messages={messages} at="date" />
            </label>
            <label className="field field-fee">
              {t('admin.event.fee')}
              <input type="number" inputMode="decimal" min={0} step={0.01} value={form.fee} onChange={(e) => edit({ ...form, fee: e.target.value })} data-testid="event-fee" />
              <Msg messages={messages} at="feeYuan" />
            </label>
          </div>
          {renames && <p className="notice">{t('admin.event.renames', { name: saved?.name ?? '' })}</p>}
        </fieldset>
        <Stations form={form} setForm={edit} messages={messages} />
        <fieldset className="editor-block" data-testid="slots">
          <legend>{t('admin.event.slots')}</legend>
          <p className="hint">{t('admin.event.slotsHint')}</p>
          <datalist id={listId}>
            {suggestions.map((c) => <option key={c} value={c} />)}
          </datalist>
          {form.slots.length === 0 && <p className="hint">{t('admin.event.noSlots')}</p>}
          {form.slots.map((s, i) => (
            <SlotEditor
              key={s.key}
              slot={s}
              index={i}
              form={form}
              listId={listId}
              messages={messages}
              setSlot={(change) => edit({ ...form, slots: by(form.slots, s.key, change) })}
              remove={() => edit({ ...form, slots: form.slots.filter((x) => x.key !== s.key) })}
            />
          ))}
          <div className="row">
            <button type="button" className="btn btn-small" onClick={() => edit({ ...form, slots: [...form.slots, newSlot(form)] })} data-testid="add-slot">
              {t('admin.event.addSlot')}
            </button>
            <button type="button" className="btn btn-small" disabled={form.slots.length < 2} onClick={sortSlots}>
              {t('admin.event.sortSlots')}
            </button>
          </div>
        </fieldset>
        <div className="row sticky-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="event-save">{t('admin.event.save')}</button>
          {unsaved && <span className="hint" data-testid="event-unsaved">{t('admin.event.unsaved')}</span>}
        </div>
      </form>
      {notice && (
        <p className={notice.bad ? 'error' : 'notice'} role={notice.bad ? 'alert' : 'status'} data-testid="event-message">
          {notice.text}
        </p>
      )}
    </section>
  );
}
