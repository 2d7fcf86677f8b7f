// Every admin page, while the admin PIN is still the default 1234: a banner
// that says so and changes it in one step (the default keeps working until then).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import { describeError } from '../lib/errors.js';

export function DefaultPinBanner({ bridge, pin, onPinChanged }: { bridge: Bridge; pin: string; onPinChanged: (pin: string) => void }) {
  const { t } = useTranslation();
  const [isDefault, setIsDefault] = useState(false);
  const [newPin, setNewPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Asked again whenever the PIN in hand changes (the settings tab can change it too).
  useEffect(() => {
    bridge.verifyPin({}, { pin }).then((r) => setIsDefault(r.defaultPin), () => setIsDefault(false));
  }, [bridge, pin]);
  if (!isDefault) return null;
  const change = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (newPin === '1234') return setError(t('admin.defaultPin.same'));
    try {
      await bridge.updateSettings({ adminPin: newPin }, { pin });
      setNewPin('');
      onPinChanged(newPin);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form className="banner-warn" onSubmit={(e) => void change(e)} data-testid="default-pin-banner">
      <p>{t('admin.defaultPin.warning')}</p>
      <label className="field narrow">
        {t('admin.defaultPin.newPin')}
        <input type="password" inputMode="numeric" autoComplete="new-password" value={newPin} onChange={(e) => setNewPin(e.target.value)} data-testid="default-pin-new" />
      </label>
      <button type="submit" className="btn btn-warn">
        {t('admin.defaultPin.change')}
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
