// 读卡器自检 in admin: what the reader says, what the last card read held and
// what the last burst typed by a wedge reader or scanner held, all masked; and
// a box to swipe into, which also catches a Chinese input method left on.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../shared/contract.js';
import { maskName } from '../../shared/id-number.js';
import type { DeviceStatus } from '../../shared/types.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';
import { useLastBurst, useWedgeGuard, type LastBurst } from '../lib/wedge-guard.js';

interface LastRead {
  at: string;
  maskedName: string;
  maskedId: string;
  valid: boolean;
  outcome: string;
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour12: false });

export function ReaderSelfTest({ bridge }: { bridge: Bridge }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DeviceStatus | null>(null);
  const [lastRead, setLastRead] = useState<LastRead | null>(null);
  const [text, setText] = useState('');
  const box = useRef<HTMLInputElement>(null);
  const imeOn = useWedgeGuard(box);
  const burst = useLastBurst();
  useEffect(() => {
    bridge.getHardwareStatus({}).then((h) => setStatus(h.reader), () => setStatus(null));
  }, [bridge]);
  useLive(bridge, (e) => {
    if (e.type === 'reader-status') setStatus(e.status);
    if (e.type !== 'card-seen') return;
    const c = e.card;
    const outcome = c.result
      ? t('admin.selfTest.checkedIn', { ticket: c.result.ticket })
      : c.error
        ? describeError({ code: c.error.error, message: c.error.message, body: c.error })
        : '';
    setLastRead({ at: new Date().toISOString(), maskedName: maskName(c.name), maskedId: c.maskedId, valid: c.idNumberValid, outcome });
  });
  return (
    <section className="reader-self-test" data-testid="reader-self-test">
      <h2>{t('admin.selfTest.title')}</h2>
      <p data-testid="self-test-status">{t('admin.selfTest.reader')}：{status ? status.message || t(`status.${status.state}`) : t('hw.unknown')}</p>
      <h3>{t('admin.selfTest.lastRead')}</h3>
      {lastRead ? (
        <p data-testid="self-test-read">
          {clock(lastRead.at)} · {t('admin.selfTest.name')} {lastRead.maskedName} · {t('desk.maskedId')} {lastRead.maskedId}
          {lastRead.valid ? ` · ${t('admin.selfTest.checkOk')}` : ` · ${t('admin.selfTest.checkBad')}`} · {lastRead.outcome}
        </p>
      ) : (
        <p className="hint">{t('admin.selfTest.noRead')}</p>
      )}
      <h3>{t('admin.selfTest.lastBurst')}</h3>
      <form onSubmit={(e) => { e.preventDefault(); setText(''); }}>
        <label className="field">
          <span>{t('admin.selfTest.typeHere')}</span>
          <input ref={box} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" data-testid="self-test-input" />
        </label>
      </form>
      {imeOn && <p className="notice" role="alert">{t('desk.imeOn')}</p>}
      {burst ? <BurstView burst={burst} /> : <p className="hint">{t('admin.selfTest.noBurst')}</p>}
    </section>
  );
}

function BurstView({ burst }: { burst: LastBurst }) {
  const { t } = useTranslation();
  const held =
    burst.kind === 'card'
      ? t('admin.selfTest.heldId', { maskedId: burst.maskedId ?? '' })
      : burst.kind === 'invalid-id-number'
        ? t('admin.selfTest.heldBadId', { maskedId: burst.maskedId ?? '' })
        : burst.kind === 'no-id-number'
          ? t('desk.wedgeNoIdNumber')
          : t('admin.selfTest.heldOther');
  return (
    <p data-testid="self-test-burst">
      {clock(burst.at)} · {t('admin.selfTest.keys', { keys: burst.keys, length: burst.length, ms: Math.round(burst.msPerKey) })} ·{' '}
      {burst.byDevice ? t('admin.selfTest.byDevice') : t('admin.selfTest.byPerson')} · {burst.ime ? t('admin.selfTest.imeOn') : t('admin.selfTest.imeOff')} · {held}
      {burst.maskedName ? ` · ${t('admin.selfTest.name')} ${burst.maskedName}` : ''}
    </p>
  );
}
