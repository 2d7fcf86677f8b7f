// The small 刷证排号 link in the corner of the desk and the caller. In kiosk use a
// volunteer must not wander off the screen: leaving asks for the admin PIN
// (verifyPin, limited like every PIN attempt) before going to the home page.
import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import { describeError } from '../lib/errors.js';
import { PinDialog } from './PinDialog.js';

export function ExitLink({ bridge }: { bridge: Bridge }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = (e: MouseEvent) => {
    e.preventDefault();
    setError(null);
    setAsking(true);
  };
  const confirm = async (pin: string) => {
    try {
      // A wrong PIN is refused (bad-pin, too-many-attempts), worded by describeError.
      await bridge.verifyPin({}, { pin });
      setAsking(false);
      window.location.hash = '#/';
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <>
      <a href="#/" className="brand" onClick={open} data-testid="exit-link">{t('app.title')}</a>
      {asking && <PinDialog title={t('app.leaveConfirm')} error={error} onConfirm={(p) => void confirm(p)} onCancel={() => setAsking(false)} />}
    </>
  );
}
