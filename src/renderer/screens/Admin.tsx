// 管理: behind the admin PIN. One component file per tab in ./admin/.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../api/bridge.js';
import { AccessLinksPanel } from '../components/AccessLinksPanel.js';
import { DefaultPinBanner } from '../components/DefaultPinBanner.js';
import { ReaderSelfTest } from '../components/ReaderSelfTest.js';
import { AdminTop, PinGate } from './admin/PinGate.js';
import { EventTab } from './admin/EventTab.js';
import { RosterTab } from './admin/RosterTab.js';
import { SettingsTab } from './admin/SettingsTab.js';
import { ExportsTab } from './admin/ExportsTab.js';
import { StatsTab } from './admin/StatsTab.js';
import './admin/admin.css';

type Tab = 'event' | 'roster' | 'settings' | 'exports' | 'stats' | 'access';
const TABS: Tab[] = ['event', 'roster', 'settings', 'exports', 'stats', 'access'];

export function Admin() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('admin'), []);
  const [pin, setPin] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('event');
  if (pin === null) return <PinGate bridge={bridge} onOk={setPin} />;
  return (
    <div className="screen admin">
      <AdminTop>
        <button type="button" className="btn btn-small" onClick={() => setPin(null)}>{t('admin.logout')}</button>
      </AdminTop>
      <DefaultPinBanner bridge={bridge} pin={pin} onPinChanged={setPin} />
      <nav className="tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab ${tab === k ? 'tab-on' : ''}`} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
            {t(`admin.tabs.${k}`)}
          </button>
        ))}
      </nav>
      <main className="admin-main">
        {tab === 'event' && <EventTab bridge={bridge} pin={pin} />}
        {tab === 'roster' && <RosterTab bridge={bridge} pin={pin} />}
        {tab === 'settings' && <SettingsTab bridge={bridge} pin={pin} onPinChanged={setPin} />}
        {tab === 'settings' && <ReaderSelfTest bridge={bridge} />}
        {tab === 'exports' && <ExportsTab bridge={bridge} pin={pin} />}
        {tab === 'stats' && <StatsTab bridge={bridge} />}
        {tab === 'access' && <AccessLinksPanel bridge={bridge} pin={pin} />}
      </main>
    </div>
  );
}
