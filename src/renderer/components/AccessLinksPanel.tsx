// The stations' addresses (docs/interfaces.md §3.5): the secretary opens the
// photographer's tablet and the waiting-room TV with these, each carrying only
// its role's token. Shown as text and as a QR code for the device's camera.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import type { AccessLink, AccessLinks } from '../../shared/types.js';
import { describeError } from '../lib/errors.js';

const qrSrc = (svg: string) => `data:image/svg+xml;base64,${btoa(svg)}`;

export function AccessLinksPanel({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [links, setLinks] = useState<AccessLinks | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    bridge.getAccessLinks({}, { pin }).then(setLinks, (e) => setError(describeError(e)));
  }, [bridge, pin]);
  if (error) return <p className="error">{error}</p>;
  if (!links) return <p>{t('app.loading')}</p>;
  if (!links.served) return <p className="lead">{t('admin.access.desktop')}</p>;
  const label = (l: AccessLink) => (l.role === 'caller' ? t('admin.access.caller', { station: l.station ?? '' }) : t(`admin.access.${l.role}`));
  return (
    <section>
      <p className="hint">{t('admin.access.lead')}</p>
      <ul className="access-links" data-testid="access-links">
        {links.links.map((l) => (
          <li key={l.url} className="access-link">
            <h2>{label(l)}</h2>
            {l.qrSvg && <img className="qr" src={qrSrc(l.qrSvg)} alt={t('admin.access.qr', { name: label(l) })} />}
            <code className="url">{l.url}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
