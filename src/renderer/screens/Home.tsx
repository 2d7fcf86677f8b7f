import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../api/bridge.js';
import type { EventInfo } from '../../shared/types.js';
import { OfflineBanner } from '../components/OfflineBanner.js';

export function Home() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('desk'), []);
  const [event, setEvent] = useState<EventInfo | null | undefined>(undefined);
  useEffect(() => {
    bridge.getEvent({}).then(setEvent, () => setEvent(null));
  }, [bridge]);
  const stations = event?.stations ?? [];
  return (
    <div className="screen home">
      <OfflineBanner onBack={() => void bridge.getEvent({}).then(setEvent, () => undefined)} />
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <h1>{event ? `${event.name} · ${event.date}` : t('home.heading')}</h1>
      </header>
      <main className="home-grid">
        {event === null && <p className="notice wide">{t('home.noEvent')}</p>}
        <a className="tile" href="#/desk"><span className="tile-title">{t('home.desk')}</span><span className="hint">{t('home.deskHint')}</span></a>
        {stations.map((s) => (
          <a key={s.code} className="tile" href={`#/caller/${s.code}`}>
            <span className="tile-title">{t('home.caller', { station: s.code })}</span>
            <span className="hint">{s.room} · {t('home.callerHint')}</span>
          </a>
        ))}
        <a className="tile" href="#/display"><span className="tile-title">{t('home.display')}</span><span className="hint">{t('home.displayHint')}</span></a>
        <a className="tile" href="#/admin"><span className="tile-title">{t('home.admin')}</span><span className="hint">{t('home.adminHint')}</span></a>
      </main>
    </div>
  );
}
