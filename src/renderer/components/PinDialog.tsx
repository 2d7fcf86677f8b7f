import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks the admin PIN for one action (undo of a check-in). */
export function PinDialog({ title, onConfirm, onCancel, error }: { title: string; onConfirm: (pin: string) => void; onCancel: () => void; error?: string | null }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pin) onConfirm(pin);
  };
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-modal="true" aria-label={title} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2>{title}</h2>
        <label className="field">
          {t('admin.pin')}
          <input type="password" inputMode="numeric" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} data-testid="pin-input" />
        </label>
        {error && <p className="error">{error}</p>}
        <div className="row">
          <button type="submit" className="btn btn-primary">{t('pin.confirm')}</button>
          <button type="button" className="btn" onClick={onCancel}>{t('pin.cancel')}</button>
        </div>
      </form>
    </div>
  );
}
