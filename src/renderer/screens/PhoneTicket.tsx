// A ticket's page on the student's phone (/t/<code>, the QR on the ticket): the
// number, where to go, how many are ahead, the numbers being called, and the
// news when it is their turn or they missed it. No token: it reads the one
// public operation (publicTicket) every few seconds. Names nobody.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, getBridge } from '../api/bridge.js';
import type { PublicTicket } from '../../shared/types.js';

/** Seconds between refreshes; the operation allows 120 calls a minute per address. */
export const REFRESH_SECONDS = 5;

type State =
  | { kind: 'loading' }
  | { kind: 'unknown' }
  | { kind: 'ticket'; ticket: PublicTicket; at: Date };

const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
/** Nothing more will change for these. */
const settled = (t: PublicTicket) => t.status === 'photographed' || t.status === 'cancelled';

export function PhoneTicket({ code }: { code: string }) {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge(), []);
  const [state, setState] = useState<State>({ kind: 'loading' });
  // The last answer stays on screen while the server cannot be reached.
  const [offline, setOffline] = useState(false);

  const refresh = useCallback(() => {
    bridge.publicTicket({ code }).then(
      (ticket) => {
        setOffline(false);
        setState({ kind: 'ticket', ticket, at: new Date() });
      },
      (e: unknown) => {
        if (errorCode(e) === 'unknown-code') setState({ kind: 'unknown' });
        else setOffline(true);
      },
    );
  }, [bridge, code]);

  const done = state.kind === 'unknown' || (state.kind === 'ticket' && settled(state.ticket));
  useEffect(() => {
    refresh();
    if (done) return;
    const timer = setInterval(refresh, REFRESH_SECONDS * 1000);
    // A phone back from the lock screen shows the news at once.
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh, done]);

  useEffect(() => {
    document.title = state.kind === 'ticket' ? `${state.ticket.ticket} · ${t('phone.title')}` : t('phone.title');
  }, [state, t]);

  return (
    <div className="phone" data-testid="phone">
      <header className="phone-head">{t('phone.title')}</header>
      {state.kind === 'loading' && <p className="phone-line">{offline ? t('phone.offline') : t('phone.loading')}</p>}
      {state.kind === 'unknown' && (
        <p className="phone-line phone-bad" role="alert" data-testid="phone-status">
          {t('errors.unknown-code')}
        </p>
      )}
      {state.kind === 'ticket' && <TicketView ticket={state.ticket} />}
      {state.kind === 'ticket' && (
        <p className="phone-foot" data-testid="phone-updated">
          {offline ? t('phone.offline') : settled(state.ticket) ? clock(state.at) : t('phone.updated', { time: clock(state.at), seconds: REFRESH_SECONDS })}
        </p>
      )}
    </div>
  );
}

function TicketView({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  return (
    <>
      <section className={`phone-card phone-${ticket.status}`}>
        <p className="phone-label">{t('phone.yourTicket')}</p>
        <p className="phone-number" data-testid="phone-number">{ticket.ticket}</p>
        <p className="phone-where" data-testid="phone-where">{t('phone.where', { station: ticket.station, room: ticket.room })}</p>
      </section>
      <section className="phone-status" role="status" aria-live="polite" data-testid="phone-status">
        <Status ticket={ticket} />
      </section>
      {(ticket.status === 'waiting' || ticket.status === 'no-show') && (
        <section className="phone-calling" data-testid="phone-calling">
          <p className="phone-label">{ticket.calling.length > 0 ? t('phone.calling') : t('phone.notCalling')}</p>
          {ticket.calling.length > 0 && <p className="phone-calling-numbers">{ticket.calling.join('  ')}</p>}
        </section>
      )}
    </>
  );
}

function Status({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  switch (ticket.status) {
    case 'waiting':
      return ticket.ahead > 0 ? <p className="phone-big">{t('phone.ahead', { count: ticket.ahead })}</p> : <p className="phone-big">{t('phone.next', { room: ticket.room })}</p>;
    case 'called':
      return (
        <>
          <p className="phone-big phone-go">{t('phone.called')}</p>
          <p className="phone-line">{t('phone.goNow', { room: ticket.room })}</p>
        </>
      );
    case 'no-show':
      return (
        <>
          <p className="phone-big phone-bad">{t('phone.noShow')}</p>
          <p className="phone-line">{t('phone.noShowHint')}</p>
        </>
      );
    case 'photographed':
      return <p className="phone-big">{t('phone.done')}</p>;
    case 'cancelled':
      return <p className="phone-big phone-bad">{t('phone.cancelled')}</p>;
  }
}
