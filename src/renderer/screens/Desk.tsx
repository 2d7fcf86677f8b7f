// 签到台: the door. A card on the reader (live `card-seen`) or the one search box
// checks a student in; one verdict fills the panel in one colour (components/Verdict.tsx),
// the ticket number huge and the room to go to right beside it.
//
// Signatures are never lost (lib/signature-outbox.ts): when the desk leaves a
// ticket whose pad holds unconfirmed strokes (the next card, the idle return,
// 完成, Esc), the strokes are saved to that ticket first. The idle return is not
// paused and the next read is not held: the queue at the door keeps moving.
//
// `#/desk` is the server's own reader; `#/desk/<name>` a desk at another door,
// whose reader's cards arrive forwarded (swipequeue reader forward).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge, errorBody, errorCode } from '../api/bridge.js';
import { methodFor, searchAsYouType, typedByDevice } from '../lib/desk-input.js';
import { useWedgeGuard } from '../lib/wedge-guard.js';
import { typedDeskAction } from '../lib/wedge-line.js';
import type { CheckInResult, StudentSummary, Ticket } from '../../shared/types.js';
import { DeskFeedPanel } from '../components/DeskFeed.js';
import { ExitLink } from '../components/ExitLink.js';
import { HardwareBar } from '../components/HardwareBar.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { PinDialog } from '../components/PinDialog.js';
import { SignatureBox, type SignatureHandle, type SignatureStatus } from '../components/SignatureBox.js';
import { Verdict } from '../components/Verdict.js';
import { attentionOf, checkedInTone, clockTime, printState, type PrintOutcome } from '../lib/desk-verdict.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';
import { IdleTimer } from '../lib/idle-timer.js';
import { createSignatureOutbox } from '../lib/signature-outbox.js';

type DeskVerdict =
  | { kind: 'checked-in'; result: CheckInResult; hasPhoto: boolean; cardValid: boolean; print: PrintOutcome | undefined }
  | { kind: 'duplicate'; ticket: Ticket }
  | { kind: 'not-on-roster'; name: string | null; maskedId: string | null; studentId?: string; detail: string }
  | { kind: 'error'; message: string };

const ID18 = /\d{17}[\dXx]/;
/** Kept signatures are retried this often while the server is unreachable. */
const OUTBOX_RETRY_MS = 5000;

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function Desk({ desk = null }: { desk?: string | null }) {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('desk'), []);
  const [verdict, setVerdict] = useState<DeskVerdict | null>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<StudentSummary[]>([]);
  const [searched, setSearched] = useState('');
  const [pendingScan, setPendingScan] = useState<string | null>(null);
  const [signature, setSignature] = useState<SignatureStatus>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [undoing, setUndoing] = useState<string | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [idleSeconds, setIdleSeconds] = useState(30);
  const search = useRef<HTMLInputElement>(null);
  // Print outcomes arrive live and may overtake the check-in's own answer: keep the last few.
  const printOutcomes = useRef(new Map<string, PrintOutcome>());
  const pad = useRef<SignatureHandle>(null);

  const outbox = useMemo(() => createSignatureOutbox({ save: (ticket, svgPath) => bridge.saveSignature({ ticket, svgPath }), storage: sessionStore() }), [bridge]);
  const pendingSignatures = useSyncExternalStore(outbox.subscribe, outbox.size);
  useEffect(() => {
    void outbox.flush();
    if (pendingSignatures === 0) return;
    const timer = setInterval(() => void outbox.flush(), OUTBOX_RETRY_MS);
    return () => clearInterval(timer);
  }, [outbox, pendingSignatures]);
  // A tab closed or reloaded mid-signature: keep the strokes for the next load.
  useEffect(() => {
    const keep = () => {
      const unsaved = pad.current?.takeUnsaved();
      if (unsaved) outbox.keep(unsaved.ticket, unsaved.svgPath);
    };
    window.addEventListener('pagehide', keep);
    return () => window.removeEventListener('pagehide', keep);
  }, [outbox]);

  /** Leaving the ticket on screen: unconfirmed strokes are saved to it first. */
  const leaveTicket = () => {
    const unsaved = pad.current?.takeUnsaved();
    if (unsaved) void outbox.submit(unsaved.ticket, unsaved.svgPath);
  };
  const imeOn = useWedgeGuard(search);

  const reset = () => {
    leaveTicket();
    setVerdict(null);
    setQuery('');
    setMatches([]);
    setSearched('');
    setPendingScan(null);
    setSignature(null);
    setNotice(null);
    setUndoing(null);
    search.current?.focus();
  };
  const resetRef = useRef(reset);
  resetRef.current = reset;
  const idle = useMemo(() => new IdleTimer(() => resetRef.current(), 30), []);
  useEffect(() => () => idle.stop(), [idle]);
  const loadSettings = useCallback(() => {
    bridge.getSettings({}).then((s) => {
      setIdleSeconds(s.deskIdleSeconds);
      idle.setSeconds(s.deskIdleSeconds);
    }, () => undefined);
  }, [bridge, idle]);
  useEffect(loadSettings, [loadSettings]);

  // A keyboard-wedge reader or scanner types into whatever has focus: keep it on the search box.
  useEffect(() => {
    if (!undoing) search.current?.focus();
  }, [verdict, undoing]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && target !== document.body) return;
      if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) search.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const show = (v: DeskVerdict) => {
    leaveTicket();
    setVerdict(v);
    setSignature(null);
    setNotice(null);
    setMatches([]);
    idle.poke();
  };

  const showCheckedIn = async (result: CheckInResult, cardValid = true) => {
    show({ kind: 'checked-in', result, hasPhoto: false, cardValid, print: printOutcomes.current.get(result.ticket) });
    // The check-in result has no photo flag; the student summary does.
    try {
      const found = await bridge.searchStudents({ query: result.studentId });
      const me = found.find((s) => s.studentId === result.studentId);
      if (me?.hasPhoto) setVerdict((v) => (v?.kind === 'checked-in' && v.result.ticket === result.ticket ? { ...v, hasPhoto: true } : v));
    } catch {
      /* the verdict stands without it */
    }
  };

  const showFailure = async (e: unknown, who: { name: string | null; maskedId: string | null; studentId?: string }, detail = t('desk.notOnRosterHint')) => {
    const code = errorCode(e);
    if (code === 'already-checked-in') {
      const ticketNo = String(errorBody(e).ticket ?? '');
      try {
        show({ kind: 'duplicate', ticket: await bridge.getTicket({ ticket: ticketNo }) });
        return;
      } catch {
        /* fall back to the plain message */
      }
    }
    if (code === 'not-on-roster') {
      show({ kind: 'not-on-roster', ...who, detail });
      return;
    }
    show({ kind: 'error', message: describeError(e) });
  };

  const checkInStudent = async (studentId: string, method: 'manual' | 'wedge' | 'scan', name: string | null = null) => {
    try {
      const result = await bridge.checkIn({ studentId, method, ...(pendingScan ? { scannedCode: pendingScan, method: 'scan' as const } : {}) });
      setQuery('');
      setPendingScan(null);
      await showCheckedIn(result);
    } catch (e) {
      // An earlier check-in is a finished lookup too: clear the box for the next student.
      if (errorCode(e) === 'already-checked-in') setQuery('');
      await showFailure(e, { name, maskedId: null, studentId });
    }
  };

  useLive(bridge, (e) => {
    if (e.type === 'settings-changed') loadSettings();
    if (e.type === 'print') {
      const print = { printed: e.printed, message: e.message };
      const seen = printOutcomes.current;
      seen.delete(e.ticket);
      seen.set(e.ticket, print);
      if (seen.size > 50) seen.delete(seen.keys().next().value!);
      setVerdict((v) => (v?.kind === 'checked-in' && v.result.ticket === e.ticket ? { ...v, print } : v));
      return;
    }
    if (e.type !== 'card-seen') return;
    const card = e.card;
    // Only this door's reader; a read that arrived late is listed by the desk feed, not taken for the student in front.
    if ((card.desk ?? null) !== desk || card.late) return;
    if (card.result) void showCheckedIn(card.result, card.idNumberValid);
    else if (card.error) {
      const err = { code: card.error.error, message: card.error.message, body: card.error };
      void showFailure(err, { name: card.name, maskedId: card.maskedId });
    }
  });

  // Search as you type (names and student ID prefixes).
  useEffect(() => {
    const q = searchAsYouType(query);
    if (q === null) {
      setMatches([]);
      return;
    }
    const timer = setTimeout(() => {
      bridge.searchStudents({ query: q }).then((rows) => {
        setMatches(rows);
        setSearched(q);
      }, () => setMatches([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [query, bridge]);

  // Keystroke timing tells a keyboard-wedge reader (a burst) from a person.
  const typing = useRef<{ first: number; last: number } | null>(null);
  const onType = (value: string) => {
    const now = performance.now();
    typing.current = value === '' ? null : { first: typing.current?.first ?? now, last: now };
    setQuery(value);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    idle.poke();
    const action = typedDeskAction(query);
    const t0 = typing.current;
    const byDevice = t0 !== null && typedByDevice(query.trim().length, t0.last - t0.first);
    typing.current = null;
    const method = methodFor(action, byDevice, pendingScan) as 'manual' | 'wedge' | 'scan';
    switch (action.kind) {
      case 'none':
        return;
      case 'say':
        show({ kind: 'error', message: action.key === 'desk.wedgeNoIdNumber' ? t('desk.wedgeNoIdNumber') : t('desk.idNumberInvalid') });
        return;
      case 'check-in-card': // a wedge reader typed the whole card
        try {
          await showCheckedIn(await bridge.checkIn({ idNumber: action.idNumber, name: action.name, method: 'wedge' }));
          setQuery('');
        } catch (e) {
          await showFailure(e, { name: action.name, maskedId: action.maskedId });
        }
        return;
      case 'find-by-id-number': {
        if (!action.valid) {
          show({ kind: 'error', message: t('desk.idNumberInvalid') });
          return;
        }
        const found = await bridge.searchStudents({ query: action.idNumber }).catch(() => []);
        const first = found[0];
        if (found.length === 1 && first) await checkInStudent(first.studentId, method, first.name);
        else show({ kind: 'not-on-roster', name: null, maskedId: null, detail: t('desk.idNumberNotFound') });
        return;
      }
      case 'check-in-student': {
        const exact = matches.find((m) => m.studentId === action.studentId);
        await checkInStudent(action.studentId, method, exact?.name ?? null);
        return;
      }
      case 'find-by-name': {
        const found = await bridge.searchStudents({ query: action.name }).catch(() => []);
        const first = found[0];
        if (found.length === 1 && first) await checkInStudent(first.studentId, method, first.name);
        else if (found.length === 0) show({ kind: 'not-on-roster', name: action.name, maskedId: null, detail: t('desk.notOnRosterHint') });
        else setMatches(found);
        return;
      }
      case 'keep-scan': {
        // A 学信网 采集码 may carry an ID number; otherwise keep it for the next check-in.
        setPendingScan(action.code);
        setQuery('');
        const id = ID18.exec(action.code)?.[0];
        if (id) {
          const found = await bridge.searchStudents({ query: id.toUpperCase() }).catch(() => []);
          const first = found[0];
          if (found.length === 1 && first) {
            try {
              await showCheckedIn(await bridge.checkIn({ studentId: first.studentId, method: 'scan', scannedCode: action.code }));
              setPendingScan(null);
            } catch (e) {
              await showFailure(e, { name: first.name, maskedId: first.maskedId });
            }
          }
        }
        return;
      }
    }
  };

  const reprint = async (ticket: string) => {
    idle.poke();
    try {
      const after = await bridge.reprint({ ticket });
      setNotice(after.printed ? t('desk.reprinted') : t('errors.print-failed'));
    } catch (e) {
      setNotice(describeError(e));
    }
  };

  const setFee = async (ticket: string, feeStatus: 'paid' | 'unpaid') => {
    idle.poke();
    try {
      const after = await bridge.setFeeStatus({ ticket, feeStatus });
      setVerdict((v) => (v?.kind === 'checked-in' && v.result.ticket === ticket ? { ...v, result: { ...v.result, feeStatus: after.feeStatus } } : v));
    } catch (e) {
      setNotice(describeError(e));
    }
  };

  const saveSignature = async (ticket: string, svgPath: string) => {
    idle.poke();
    const outcome = await outbox.submit(ticket, svgPath);
    if (outcome === 'refused') setNotice(t('desk.signatureRefused', { ticket }));
    else setSignature(outcome);
  };

  const undo = async (pin: string) => {
    if (!undoing) return;
    try {
      await bridge.cancelTicket({ ticket: undoing, reason: 'desk undo' }, { pin });
      const ticket = undoing;
      setUndoing(null);
      setUndoError(null);
      setVerdict(null);
      setNotice(t('desk.undone', { ticket }));
      idle.poke();
    } catch (e) {
      setUndoError(describeError(e));
    }
  };

  const done = (
    <button type="button" className="btn btn-primary" onClick={reset} data-testid="desk-done">{t('desk.done')}</button>
  );
  const noticeLine = notice && <p className="notice" role="status">{notice}</p>;

  return (
    <div
      className="screen desk"
      onKeyDown={(e) => {
        // Esc: back to the swipe prompt (the PIN dialog handles its own Esc).
        if (e.key === 'Escape' && !undoing && verdict !== null) reset();
        else if (idle.running) idle.poke();
      }}
      onPointerDown={() => idle.running && idle.poke()}
    >
      <OfflineBanner onBack={() => { loadSettings(); void outbox.flush(); }} />
      <header className="topbar">
        <ExitLink bridge={bridge} />
        <h1>{desk === null ? t('desk.title') : t('desk.remote.title', { desk })}</h1>
        <HardwareBar bridge={bridge} showReader={desk === null} />
      </header>
      <main className="desk-main">
        <section className="desk-verdict" aria-live="polite" data-testid="verdict">
          {verdict === null && (
            <div className="prompt">
              <div className="prompt-card" aria-hidden="true"><span className="prompt-card-chip" /><span className="prompt-card-lines" /></div>
              <p className="prompt-text">{t('desk.prompt')}</p>
              <p className="hint">{t('desk.promptHint')}</p>
              {noticeLine}
            </div>
          )}
          {verdict?.kind === 'checked-in' && (
            <CheckedIn
              verdict={verdict}
              signature={signature}
              pad={pad}
              notice={noticeLine}
              done={done}
              onReprint={() => void reprint(verdict.result.ticket)}
              onSign={(p) => void saveSignature(verdict.result.ticket, p)}
              onUndo={() => { setUndoError(null); setUndoing(verdict.result.ticket); }}
              onFee={(feeStatus) => void setFee(verdict.result.ticket, feeStatus)}
            />
          )}
          {verdict?.kind === 'duplicate' && (
            <Verdict tone="info" headline={t('desk.alreadyCheckedIn', { ticket: verdict.ticket.ticket })} testId="verdict-panel">
              <Student name={verdict.ticket.name} college={verdict.ticket.college} maskedId={verdict.ticket.maskedId} studentId={verdict.ticket.studentId} />
              <div className="verdict-grid">
                <TicketAndRoom ticket={verdict.ticket.ticket} room={verdict.ticket.room}>
                  <p className="ticket-fact" data-testid="first-check-in">
                    {t('desk.firstCheckIn', { time: clockTime(verdict.ticket.checkedInAt), status: t(`ticketStatus.${verdict.ticket.status}`) })}
                  </p>
                </TicketAndRoom>
                {/* Not signed the first time (the pad was left): sign now, to the original ticket. */}
                {!verdict.ticket.signed && (
                  <SignatureBox key={verdict.ticket.ticket} ref={pad} ticket={verdict.ticket.ticket} status={signature} onSave={(p) => void saveSignature(verdict.ticket.ticket, p)} />
                )}
              </div>
              {noticeLine}
              <div className="row actions">
                <button type="button" className="btn" onClick={() => void reprint(verdict.ticket.ticket)}>{t('desk.reprint', { ticket: verdict.ticket.ticket })}</button>
                {done}
              </div>
            </Verdict>
          )}
          {verdict?.kind === 'not-on-roster' && (
            <Verdict tone="error" headline={t('desk.notOnRoster')} testId="verdict-panel">
              {verdict.name && <p className="student-name">{verdict.name}</p>}
              {verdict.studentId && <p className="student-meta">{t('desk.studentId')}：{verdict.studentId}</p>}
              {verdict.maskedId && <p className="student-meta">{t('desk.maskedId')}：{verdict.maskedId}</p>}
              <p className="lead">{verdict.detail}</p>
              <div className="row actions">{done}</div>
            </Verdict>
          )}
          {verdict?.kind === 'error' && (
            <Verdict tone="error" headline={verdict.message} testId="verdict-panel">
              <div className="row actions">{done}</div>
            </Verdict>
          )}
        </section>
        <aside className="desk-search">
          <form onSubmit={(e) => void submit(e)}>
            <label className="field">
              <span>{t('desk.searchLabel')}</span>
              <input
                ref={search}
                className="search-input"
                data-testid="desk-search"
                autoFocus
                autoComplete="off"
                value={query}
                placeholder={t('desk.searchPlaceholder')}
                onChange={(e) => onType(e.target.value)}
              />
            </label>
          </form>
          {imeOn && <p className="notice" role="alert" data-testid="ime-warning">{t('desk.imeOn')}</p>}
          {pendingScan && (
            <div className="scan-kept" data-testid="scan-kept">
              <p>{t('desk.scanKept')}</p>
              <button type="button" className="btn btn-small" onClick={() => setPendingScan(null)}>{t('desk.scanClear')}</button>
            </div>
          )}
          {matches.length > 1 && <p className="hint">{t('desk.pickOne')}</p>}
          <ul className="matches">
            {matches.map((m) => (
              <li key={m.studentId}>
                <button type="button" className="match" onClick={() => void checkInStudent(m.studentId, 'manual', m.name)} data-testid={`match-${m.studentId}`}>
                  <span className="match-name">{m.name}</span>
                  <span className="match-meta">{m.studentId} · {m.college}{m.ticket ? ` · ${m.ticket}` : ''}</span>
                </button>
              </li>
            ))}
          </ul>
          {matches.length === 0 && searched !== '' && query.trim() === searched && <p className="hint">{t('desk.noMatch', { query: searched })}</p>}
          {pendingSignatures > 0 && <p className="notice" data-testid="signatures-pending">{t('desk.signaturesPending', { count: pendingSignatures })}</p>}
          <p className="hint small">{t('desk.idleBack', { seconds: idleSeconds })}</p>
          {desk !== null && <DeskFeedPanel bridge={bridge} desk={desk} />}
        </aside>
      </main>
      {undoing && <PinDialog title={t('desk.undoConfirm', { ticket: undoing })} error={undoError} onConfirm={(p) => void undo(p)} onCancel={() => setUndoing(null)} />}
    </div>
  );
}

function Student({ name, college, maskedId, studentId }: { name: string; college: string; maskedId: string | null; studentId: string }) {
  const { t } = useTranslation();
  return (
    <div className="student">
      <p className="student-name" data-testid="student-name">{name}</p>
      <p className="student-meta">
        {t('desk.college')}：{college} · {t('desk.studentId')}：{studentId}
        {maskedId ? ` · ${t('desk.maskedId')}：${maskedId}` : ''}
      </p>
    </div>
  );
}

/** The number, and where to go as the second thing the eye reads. */
function TicketAndRoom({ ticket, room, children }: { ticket: string; room: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="ticket-block">
      <div className="ticket-label">{t('desk.ticketLabel')}</div>
      <div className="ticket-huge" data-testid="ticket-number">{ticket}</div>
      <p className="room-big" data-testid="room">{t('desk.room', { room })}</p>
      {children}
    </div>
  );
}

function CheckedIn(props: {
  verdict: Extract<DeskVerdict, { kind: 'checked-in' }>;
  signature: SignatureStatus;
  pad: Ref<SignatureHandle>;
  notice: ReactNode;
  done: ReactNode;
  onReprint: () => void;
  onSign: (svgPath: string) => void;
  onUndo: () => void;
  onFee: (feeStatus: 'paid' | 'unpaid') => void;
}) {
  const { t } = useTranslation();
  const { result, hasPhoto, cardValid } = props.verdict;
  const print = printState(result, props.verdict.print);
  const attention = attentionOf(result, print, cardValid);
  const tone = checkedInTone(attention);
  return (
    <Verdict tone={tone} headline={tone === 'ok' ? t('desk.onRoster') : t('desk.needsAttention')} testId="verdict-panel">
      <Student name={result.name} college={result.college} maskedId={result.maskedId} studentId={result.studentId} />
      <div className="verdict-grid">
        <TicketAndRoom ticket={result.ticket} room={result.room}>
          <p className="ticket-fact">{t('desk.position', { count: Math.max(0, result.position - 1) })}</p>
          {print === 'plate' && <p className="ticket-fact plate" data-testid="hand-out-plate">{t('desk.handOutPlate', { ticket: result.ticket })}</p>}
          {(print === 'queued' || print === 'printed') && <p className="ticket-fact" data-testid="print-state">{print === 'queued' ? t('desk.printing') : t('desk.printed')}</p>}
        </TicketAndRoom>
        <SignatureBox key={result.ticket} ref={props.pad} ticket={result.ticket} status={props.signature} onSave={props.onSign} />
      </div>
      {attention.length > 0 && (
        <ul className="attention" data-testid="attention">
          {attention.map((a) => (
            <li key={a}>{a === 'printFailed' ? t('desk.attention.printFailed', { message: props.verdict.print?.message ?? '', ticket: result.ticket }) : t(`desk.attention.${a}`)}</li>
          ))}
        </ul>
      )}
      {hasPhoto && <p className="fact" data-testid="has-photo">{t('desk.hasPhoto')}</p>}
      {props.notice}
      <div className="row actions">
        {result.feeStatus !== 'exempt' && (
          <button type="button" className={`btn ${result.feeStatus === 'paid' ? 'btn-paid' : ''}`} onClick={() => props.onFee(result.feeStatus === 'paid' ? 'unpaid' : 'paid')} data-testid="fee-toggle">
            {t(`desk.fee.${result.feeStatus}`)} · {result.feeStatus === 'paid' ? t('desk.fee.markUnpaid') : t('desk.fee.markPaid')}
          </button>
        )}
        <button type="button" className="btn" onClick={props.onReprint}>{t('desk.reprint', { ticket: result.ticket })}</button>
        <button type="button" className="btn btn-danger" onClick={props.onUndo}>{t('desk.undo')}</button>
        {props.done}
      </div>
    </Verdict>
  );
}
