// Where a keyboard-wedge reader or scanner on the tablet types: invisible,
// read-only, no on-screen keyboard; the caller's keyboard hook reads the keys.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

export function WedgeTarget({ target }: { target: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  return <input ref={target} className="wedge-target" readOnly inputMode="none" tabIndex={-1} aria-label={t('caller.confirm.wedgeTarget')} data-wedge="true" data-testid="wedge-target" />;
}
