import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import type { DeviceStatus, HardwareStatus } from '../../shared/types.js';
import { useLive } from '../lib/hooks.js';

function Device({ label, status }: { label: string; status: DeviceStatus | null }) {
  const { t } = useTranslation();
  const state = status?.state ?? 'unknown';
  const good = state === 'ok';
  return (
    <span className={`device ${good ? 'device-ok' : state === 'none' || state === 'checking' ? 'device-none' : 'device-bad'}`} data-testid={`hw-${label}`}>
      <span className="device-dot" aria-hidden="true" />
      {/* The message already names the device ("未配置读卡器：…", "打印机缺纸"). */}
      {status && !good && status.message ? status.message : `${label}：${status ? t(`status.${state}`) : t('hw.unknown')}`}
    </span>
  );
}

/**
 * Reader and printer status, always visible on the desk. A desk at another door
 * (`#/desk/<name>`) leaves out the server's reader: its own is shown by its desk feed.
 */
export function HardwareBar({ bridge, showReader = true }: { bridge: Bridge; showReader?: boolean }) {
  const { t } = useTranslation();
  const [hw, setHw] = useState<HardwareStatus | null>(null);
  useEffect(() => {
    bridge.getHardwareStatus({}).then(setHw, () => setHw(null));
  }, [bridge]);
  useLive(bridge, (e) => {
    if (e.type === 'reader-status') setHw((h) => ({ reader: e.status, printer: h?.printer ?? e.status }));
    if (e.type === 'printer-status') setHw((h) => ({ printer: e.status, reader: h?.reader ?? e.status }));
  });
  return (
    <div className="hw-bar" role="status">
      {showReader && <Device label={t('hw.reader')} status={hw?.reader ?? null} />}
      <Device label={t('hw.printer')} status={hw?.printer ?? null} />
    </div>
  );
}
