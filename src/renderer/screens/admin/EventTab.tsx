// The event: its name, date, fee, rooms and schedule.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { EventInfo } from '../../../shared/types.js';
import { describeError } from '../../lib/errors.js';

export function EventTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
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
