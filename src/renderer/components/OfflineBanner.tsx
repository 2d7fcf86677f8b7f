import { useTranslation } from 'react-i18next';
import { useConnection } from '../lib/use-connection.js';

/** A red bar on every screen while the kiosk server cannot be reached; gone by itself when it answers again. */
export function OfflineBanner({ onBack }: { onBack?: () => void }) {
  const { t } = useTranslation();
  const { link } = useConnection(onBack);
  if (link === 'online') return null;
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      {t('app.offline')}
    </div>
  );
}
