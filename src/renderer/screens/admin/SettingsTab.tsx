// The kiosk's settings, its devices and the admin PIN.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { Settings } from '../../../shared/types.js';
import { describeError } from '../../lib/errors.js';

export function SettingsTab({ bridge, pin, onPinChanged }: { bridge: Bridge; pin: string; onPinChanged: (pin: string) => void }) {
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
