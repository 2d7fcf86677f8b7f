// 签到台: the door. A card on the reader (live `card-seen`) or the one search box
// checks a student in; the verdict and the ticket number fill the screen.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge, errorBody, errorCode } from '../api/bridge.js';
import { deskActionFor, methodFor, searchAsYouType, typedByDevice } from '../lib/desk-input.js';
import type { CheckInResult, StudentSummary, Ticket } from '../../shared/types.js';
import { HardwareBar } from '../components/HardwareBar.js';
import { PinDialog } from '../components/PinDialog.js';
import { SignatureBox } from '../components/SignatureBox.js';
import { describeError } from '../lib/errors.js';
import { useLive } from '../lib/hooks.js';
import { IdleTimer } from '../lib/idle-timer.js';

type Verdict =
  | { kind: 'checked-in'; result: CheckInResult; hasPhoto: boolean }
  | { kind: 'duplicate'; ticket: Ticket }
  | { kind: 'not-on-roster'; name: string | null; maskedId: string | null; studentId?: string; detail: string }
  | { kind: 'error'; message: string };

const ID18 = /\d{17}[\dXx]/;

export function Desk() {
  const { t } = useTranslation();
  const bridge = useMemo(() => getBridge('desk'), []);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<StudentSummary[]>([]);
  const [searched, setSearched] = useState('');
  const [pendingScan, setPendingScan] = useState<string | null>(null);
  const [signed, setSigned] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [undoing, setUndoing] = useState<string | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [idleSeconds, setIdleSeconds] = useState(30);
  const search = useRef<HTMLInputElement>(null);

  const reset = () => {
    setVerdict(null);
    setQuery('');
    setMatches([]);
    setSearched('');
    setPendingScan(null);
    setSigned(false);
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

  const show = (v: Verdict) => {
    setVerdict(v);
    setSigned(false);
    setNotice(null);
    setMatches([]);
    idle.poke();
  };

  const showCheckedIn = async (result: CheckInResult) => {
    show({ kind: 'checked-in', result, hasPhoto: false });
    // The check-in result has no photo flag; the student summary does.
    try {
      const found = await bridge.searchStudents({ query: result.studentId });
      const me = found.find((s) => s.studentId === result.studentId);
      if (me?.hasPhoto) setVerdict((v) => (v?.kind === 'checked-in' && v.result.ticket === result.ticket ? { ...v, hasPhoto: true } : v));
    } catch {
      /* the verdict stands without it */
    }
  };

  const showFailure = async (e: unknown, who: { name: string | null; maskedId: string | null; studentId?: string }) => {
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
      show({ kind: 'not-on-roster', ...who, detail: t('desk.notOnRosterHint') });
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
      await showFailure(e, { name, maskedId: null, studentId });
    }
  };

  useLive(bridge, (e) => {
    if (e.type === 'settings-changed') loadSettings();
    if (e.type !== 'card-seen') return;
    const card = e.card;
    if (card.result) void showCheckedIn(card.result);
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
    const action = deskActionFor(query);
    const t0 = typing.current;
    const byDevice = t0 !== null && typedByDevice(query.trim().length, t0.last - t0.first);
    typing.current = null;
    const method = methodFor(action, byDevice, pendingScan) as 'manual' | 'wedge' | 'scan';
    switch (action.kind) {
      case 'none':
        return;
      case 'find-by-id-number': {
        if (!action.valid) {
          show({ kind: 'error', message: t('desk.idNumberInvalid') });
          return;
        }
        const found = await bridge.searchStudents({ query: action.idNumber }).catch(() => []);
        const first = found[0];
        if (found.length === 1 && first) await checkInStudent(first.studentId, method, first.name);
        else show({ kind: 'not-on-roster', name: null, maskedId: null, detail: t('desk.notOnRosterHint') });
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
      setNotice(after.printed ? t('desk.reprinted') : t('desk.printFailed', { message: '' }));
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
    try {
      await bridge.saveSignature({ ticket, svgPath });
      setSigned(true);
    } catch (e) {
      setNotice(describeError(e));
    }
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

  return (
    <div
      className="screen desk"
      onKeyDown={(e) => {
        // Esc: back to the swipe prompt (the PIN dialog handles its own Esc).
        if (e.key === 'Escape' && !undoing && verdict !== null) reset();
        else if (idle.running) idle.poke();
      }} onPointerDown={() => idle.running && idle.poke()}>
      <header className="topbar">
        <a href="#/" className="brand">{t('app.title')}</a>
        <h1>{t('desk.title')}</h1>
        <HardwareBar bridge={bridge} />
      </header>
      <main className="desk-main">
        <section className="desk-verdict" aria-live="polite" data-testid="verdict">
          {verdict === null && (
            <div className="prompt">
              <div className="prompt-card" aria-hidden="true"><span className="prompt-card-chip" /><span className="prompt-card-lines" /></div>
              <p className="prompt-text">{t('desk.prompt')}</p>
              <p className="hint">{t('desk.promptHint')}</p>
              {notice && <p className="notice">{notice}</p>}
            </div>
          )}
          {verdict?.kind === 'checked-in' && (
            <CheckedIn
              verdict={verdict}
              signed={signed}
              notice={notice}
              onReprint={() => void reprint(verdict.result.ticket)}
              onSign={(p) => void saveSignature(verdict.result.ticket, p)}
              onUndo={() => { setUndoError(null); setUndoing(verdict.result.ticket); }}
              onDone={reset}
              onFee={(feeStatus) => void setFee(verdict.result.ticket, feeStatus)}
            />
          )}
          {verdict?.kind === 'duplicate' && (
            <div className="verdict verdict-warn">
              <Student name={verdict.ticket.name} college={verdict.ticket.college} maskedId={verdict.ticket.maskedId} studentId={verdict.ticket.studentId} />
              <p className="verdict-line warn">{t('desk.alreadyCheckedIn', { ticket: verdict.ticket.ticket })}</p>
              <div className="ticket-huge" data-testid="ticket-number">{verdict.ticket.ticket}</div>
              <p className="hint">{t('desk.room', { room: verdict.ticket.room })}</p>
              {notice && <p className="notice">{notice}</p>}
              <div className="row">
                <button type="button" className="btn btn-primary" onClick={() => void reprint(verdict.ticket.ticket)}>{t('desk.reprint', { ticket: verdict.ticket.ticket })}</button>
                <button type="button" className="btn" onClick={reset} data-testid="desk-done">{t('desk.done')}</button>
              </div>
            </div>
          )}
          {verdict?.kind === 'not-on-roster' && (
            <div className="verdict verdict-bad">
              {verdict.name && <p className="student-name">{verdict.name}</p>}
              {verdict.studentId && <p className="student-meta">{t('desk.studentId')}：{verdict.studentId}</p>}
              {verdict.maskedId && <p className="student-meta">{t('desk.maskedId')}：{verdict.maskedId}</p>}
              <p className="verdict-line bad">{t('desk.notOnRoster')}</p>
              <p className="lead">{verdict.detail}</p>
              <div className="row">
                <button type="button" className="btn" onClick={reset} data-testid="desk-done">{t('desk.done')}</button>
              </div>
            </div>
          )}
          {verdict?.kind === 'error' && (
            <div className="verdict verdict-bad">
              <p className="verdict-line bad">{verdict.message}</p>
              <div className="row">
                <button type="button" className="btn" onClick={reset} data-testid="desk-done">{t('desk.done')}</button>
              </div>
            </div>
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
          {pendingScan && <p className="hint">扫码已记录：{pendingScan.slice(0, 40)}</p>}
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
          {matches.length === 0 && searched !== '' && query.trim() === searched && <p className="hint">{t('desk.noMatches', { query: searched })}</p>}
          <p className="hint small">{t('desk.idleBack', { seconds: idleSeconds })}</p>
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

function CheckedIn(props: {
  verdict: Extract<Verdict, { kind: 'checked-in' }>;
  signed: boolean;
  notice: string | null;
  onReprint: () => void;
  onSign: (svgPath: string) => void;
  onUndo: () => void;
  onDone: () => void;
  onFee: (feeStatus: 'paid' | 'unpaid') => void;
}) {
  const { t } = useTranslation();
  const { result, hasPhoto } = props.verdict;
  return (
    <div className="verdict verdict-ok">
      <Student name={result.name} college={result.college} maskedId={result.maskedId} studentId={result.studentId} />
      <p className="verdict-line ok">{result.walkIn ? t('desk.walkIn') : t('desk.onRoster')}</p>
      {result.outsideSlot && <p className="verdict-line warn">{t('desk.outsideSlot')}</p>}
      {hasPhoto && <p className="verdict-line info">{t('desk.hasPhoto')}</p>}
      <div className="ticket-block">
        <div>
          <div className="ticket-label">{t('desk.ticketLabel')}</div>
          <div className="ticket-huge" data-testid="ticket-number">{result.ticket}</div>
          <p className="hint">{t('desk.room', { room: result.room })} · {t('desk.position', { count: Math.max(0, result.position - 1) })}</p>
        </div>
        <SignatureBox key={result.ticket} saved={props.signed} onSave={props.onSign} />
      </div>
      {!result.printed && (
        <div className="print-failed" role="alert">
          <strong>{t('desk.printFailed', { message: result.printError ?? '未连接打印机' })}</strong>
          <span>{t('desk.printFailedHint', { ticket: result.ticket })}</span>
        </div>
      )}
      {props.notice && <p className="notice">{props.notice}</p>}
      <div className="row">
        {result.feeStatus !== 'exempt' && (
          <button type="button" className={`btn ${result.feeStatus === 'paid' ? 'btn-paid' : ''}`} onClick={() => props.onFee(result.feeStatus === 'paid' ? 'unpaid' : 'paid')} data-testid="fee-toggle">
            {t(`desk.fee.${result.feeStatus}`)} · {result.feeStatus === 'paid' ? t('desk.fee.markUnpaid') : t('desk.fee.markPaid')}
          </button>
        )}
        <button type="button" className="btn" onClick={props.onReprint}>{t('desk.reprint', { ticket: result.ticket })}</button>
        <button type="button" className="btn btn-danger" onClick={props.onUndo}>{t('desk.undo')}</button>
        <button type="button" className="btn btn-primary" onClick={props.onDone} data-testid="desk-done">{t('desk.done')}</button>
      </div>
    </div>
  );
}
