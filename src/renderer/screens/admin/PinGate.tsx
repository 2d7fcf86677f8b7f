// The admin PIN, asked before any tab shows.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import { describeError } from '../../lib/errors.js';
import { OfflineBanner } from '../../components/OfflineBanner.js';

/** The admin page's top: the offline banner and the bar with the way home; `children` sit at its end (the logout button). */
export function AdminTop({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <OfflineBanner />
      <header className="topbar">
        <a href="#/" className="brand">{t('app.title')}</a>
        <h1>{t('admin.title')}</h1>
        {children}
      </header>
    </>
  );
}

export function PinGate({ bridge, onOk }: { bridge: Bridge; onOk: (pin: string) => void }) {
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
      <AdminTop />
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
