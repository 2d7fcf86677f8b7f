// The second door (docs/interfaces.md §3.6): each card read on this laptop goes to
// the kiosk server as desk <name>, which checks it in. Every read is first
// kept on disk, sealed to the server (src/client/read-queue.ts), then sent in
// the order it was read; one that the server does not answer (restarting,
// network down, busy) stays and is sent again, with the same idempotency key,
// until it is answered, so none is lost and none is checked in twice. The
// forwarder tells the server what it holds (PUT /api/desks/:desk/status), so
// the desk page can say that reads are pending.
//
// With `station`, reads are identity confirms at the camera instead
// (POST /api/stations/<s>/confirm, docs/interfaces.md §3.7): those are never kept, because a
// confirm only means something against the ticket called now.
import { randomBytes } from 'node:crypto';
import { sealCard, sealContext, type SealKey } from '../core/desk-seal.js';
import type { IdCard } from '../hardware/idcard/card.js';
import type { ReaderStatus } from '../hardware/reader.js';
import { AppError, isAppError } from '../shared/errors.js';
import { statedDesk } from '../shared/http-request.js';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../shared/id-number.js';
import type { DeskRead, DeskStatus } from '../shared/types.js';
import { ReadQueue, type StoredRead } from './read-queue.js';
import { isTransient, type Remote } from './remote.js';

export interface ForwarderOptions {
  remote: Remote;
  /** Check-ins as this desk (`--desk`). */
  desk?: string | null;
  /** Identity confirms at this station instead (`--station`). */
  station?: string | null;
  /** Where reads wait for the server (desk mode). */
  queueDir: string;
  now?: () => Date;
  /** How often the forwarder tells the server it is there; 15 s. */
  heartbeatMs?: number;
  /** Wait before sending again after the `attempt`-th failure in a row: 0.5 s doubling to 10 s. */
  retryMs?: (attempt: number) => number;
  /** Progress for the operator (stderr). */
  log?: (line: string) => void;
  /** Each read's outcome (stdout, one JSON line each). */
  onOutcome?: (outcome: ForwardOutcome) => void;
  /** Each change of what the forwarder holds. */
  onState?: (state: ForwarderState) => void;
}

export type ForwardOutcome =
  /** The server checked the read in (or answered why not: not on the roster, already checked in). */
  | { kind: 'checked'; read: DeskRead }
  /** The server refused the read for good (sealed for another database, bad request): check the student in by hand. */
  | { kind: 'refused'; key: string; readAt: string; maskedId: string; error: { error: string; message: string } }
  /** A confirm at the camera and the server's answer (`match`, or the error body such as not-the-called-student). */
  | { kind: 'confirm'; station: string; readAt: string; maskedId: string; answer: Record<string, unknown> }
  /** A confirm the server did not answer: present the card again. */
  | { kind: 'confirm-failed'; station: string; readAt: string; maskedId: string; error: { error: string; message: string } };

export interface ForwarderState {
  /** The last request reached the server. */
  online: boolean;
  /** Reads not answered yet (on disk, plus those in memory until the server's key is known). */
  pending: number;
  /** Of those, held in memory only: the server was never reached, so they cannot be sealed yet. */
  unsealed: number;
  /** Reads refused for good (in <queue>/failed). */
  failed: number;
}

export const defaultRetryMs = (attempt: number): number => Math.min(10_000, 500 * 2 ** Math.max(0, attempt));

interface UnsealedRead {
  key: string;
  readAt: string;
  idNumber: string;
  name: string;
  maskedId: string;
  idNumberValid: boolean;
}

const SEAL_NOTE = 'server-key.json';

export class Forwarder {
  private readonly remote: Remote;
  private readonly desk: string | null;
  private readonly station: string | null;
  private readonly queue: ReadQueue | null;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly opts: ForwarderOptions;
  private readonly memory: UnsealedRead[] = [];
  /** Keys of reads that waited: sent late. */
  private readonly waited = new Set<string>();
  private sealKey: SealKey | null = null;
  /** null until the first request: not yet known. */
  private online: boolean | null = null;
  private attempt = 0;
  private pumping: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reader: DeskStatus['reader'] = { state: 'none', message: '' };
  private stopped = false;
  private lastProblem = '';

  constructor(opts: ForwarderOptions) {
    if ((opts.desk ?? null) === null && (opts.station ?? null) === null) throw new Error('a forwarder needs a desk or a station');
    this.opts = opts;
    this.remote = opts.remote;
    this.desk = opts.desk ?? null;
    this.station = opts.station ?? null;
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => {});
    this.queue = this.desk !== null ? new ReadQueue(opts.queueDir, (name) => this.log(`kept reads: ${name} is unreadable; moved to failed/`)) : null;
    if (this.queue) {
      for (const r of this.queue.all()) this.waited.add(r.key);
      const note = this.queue.readNote(SEAL_NOTE);
      if (note !== null) {
        try {
          const saved = JSON.parse(note) as { server?: string; key?: string; id?: string };
          // A key noted for another server is not this server's.
          if (saved.server === this.remote.server && typeof saved.key === 'string' && typeof saved.id === 'string') this.sealKey = { key: saved.key, id: saved.id };
        } catch {
          // fetched again from the server
        }
      }
    }
  }

  /** Starts telling the server it is here, and sends what an earlier run left. */
  start(): void {
    const every = this.opts.heartbeatMs ?? 15_000;
    this.heartbeat = setInterval(() => void this.report(), every);
    this.heartbeat.unref?.();
    if (this.queue && this.queue.size > 0) this.log(`kept reads: ${this.queue.size} from an earlier run, sending them in order`);
    void this.report();
    this.kick();
  }

  state(): ForwarderState {
    const unsealed = this.memory.length;
    return { online: this.online === true, pending: (this.queue?.size ?? 0) + unsealed, unsealed, failed: this.queue?.failedCount() ?? 0 };
  }

  /** The reader's state, passed on to the server for the desk page. */
  setReaderStatus(status: ReaderStatus): void {
    this.reader = { state: status.state, message: status.message };
    void this.report();
  }

  /** A card on this laptop's reader. */
  take(card: IdCard, readAt: Date = this.now()): void {
    if (this.stopped) return;
    const idNumber = normalizeIdNumber(card.idNumber);
    const maskedId = maskIdNumber(idNumber);
    const idNumberValid = card.idNumberValid ?? isValidIdNumber(idNumber);
    if (this.station !== null) {
      void this.confirm(this.station, { idNumber, name: card.name }, readAt.toISOString(), maskedId);
      return;
    }
    const read: UnsealedRead = { key: randomBytes(16).toString('base64url'), readAt: readAt.toISOString(), idNumber, name: card.name, maskedId, idNumberValid };
    // Read during an outage: it reaches the server late, and the desk page says so.
    if (this.online === false || this.retryTimer !== null) this.waited.add(read.key);
    if (this.sealKey) this.keep(read, this.sealKey);
    else {
      this.memory.push(read);
      this.log(`kept reads: ${maskedId} held in memory only (the server was never reached, so it cannot be sealed yet); lost if this program stops`);
    }
    if (this.online === false) this.log(`offline: ${maskedId} kept; ${this.state().pending} read(s) waiting for the server`);
    this.changed();
    this.kick();
  }

  /** Stops sending; reads not yet answered stay on disk for the next run. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.pumping;
    const { pending, unsealed } = this.state();
    if (pending > 0) {
      this.log(
        `stopping with ${pending} read(s) not yet answered${unsealed > 0 ? ` (${unsealed} in memory only, now lost: check those students in by hand)` : ''}; the others are sent at the next start`,
      );
    }
  }

  private keep(read: UnsealedRead, key: SealKey): void {
    const sealed = sealCard(key.key, sealContext(this.desk!, read.key), { idNumber: read.idNumber, name: read.name });
    const stored: StoredRead = { key: read.key, readAt: read.readAt, maskedId: read.maskedId, idNumberValid: read.idNumberValid, sealKeyId: key.id, sealed };
    this.queue!.add(stored);
  }

  private changed(): void {
    this.opts.onState?.(this.state());
  }

  /** Sends what is waiting, unless a send is under way or a retry is scheduled. */
  private kick(): void {
    if (this.stopped || this.desk === null || this.pumping || this.retryTimer) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      // A read taken while the last send was finishing found the pump busy: send it now.
      if (this.state().pending > 0) this.kick();
    });
  }

  private retryLater(problem: AppError | Error): void {
    this.online = false;
    for (const r of [...(this.queue?.all() ?? []), ...this.memory]) this.waited.add(r.key);
    const message = problem.message;
    if (message !== this.lastProblem) this.log(`server: ${message}; ${this.state().pending} read(s) kept, trying again`);
    this.lastProblem = message;
    const wait = (this.opts.retryMs ?? defaultRetryMs)(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, wait);
    this.retryTimer.unref?.();
    this.changed();
  }

  private reached(): void {
    if (this.online === false && this.lastProblem !== '') this.log('server: reached again');
    this.online = true;
    this.attempt = 0;
    this.lastProblem = '';
  }

  private async fetchSealKey(): Promise<SealKey> {
    const key = await this.remote.call('deskSealKey', {}, { role: statedDesk(this.desk!) });
    if (this.sealKey && this.sealKey.id !== key.id) {
      this.log(`server: its sealing key changed (${this.sealKey.id} -> ${key.id}: another database?); reads sealed before cannot be opened there`);
    }
    this.sealKey = key;
    this.queue!.writeNote(SEAL_NOTE, `${JSON.stringify({ server: this.remote.server, ...key })}\n`);
    return key;
  }

  private async pump(): Promise<void> {
    const queue = this.queue!;
    let sentLate = false;
    try {
      if (this.online !== true || !this.sealKey || this.memory.length > 0) {
        const key = await this.fetchSealKey();
        this.reached();
        for (const read of this.memory.splice(0)) this.keep(read, key);
        this.changed();
      }
      // A backlog: the desk page learns how many reads are on their way before they come.
      if (queue.all().some((r) => this.waited.has(r.key))) await this.report();
      for (let read = queue.head(); read !== undefined && !this.stopped; read = queue.head()) {
        const late = this.waited.has(read.key);
        let answer: DeskRead;
        try {
          answer = await this.remote.call(
            'forwardCard',
            { desk: this.desk!, key: read.key, readAt: read.readAt, late, idNumberValid: read.idNumberValid, sealed: read.sealed },
            { role: statedDesk(this.desk!) },
          );
        } catch (e) {
          if (isTransient(e)) throw e;
          const err = isAppError(e) ? e : new AppError('failure', 'internal', String(e));
          queue.fail(read.key, `${err.code}: ${err.message}`);
          this.waited.delete(read.key);
          this.log(`refused: the read of ${read.maskedId} (${read.readAt}) cannot be checked in (${err.message}); check this student in by hand`);
          this.opts.onOutcome?.({ kind: 'refused', key: read.key, readAt: read.readAt, maskedId: read.maskedId, error: { error: err.code, message: err.message } });
          this.changed();
          continue;
        }
        this.reached();
        queue.remove(read.key);
        this.waited.delete(read.key);
        sentLate ||= late;
        this.opts.onOutcome?.({ kind: 'checked', read: answer });
        this.changed();
      }
      if (sentLate) await this.report();
    } catch (e) {
      this.retryLater(e as Error);
    }
  }

  /** Tells the server what this desk holds; a failure only marks the forwarder offline and wakes the retry. */
  private async report(): Promise<void> {
    if (this.desk === null || this.stopped) return;
    const { pending, failed } = this.state();
    try {
      await this.remote.call('reportDesk', { desk: this.desk, pending, failed, reader: this.reader }, { role: statedDesk(this.desk) });
      const wasOffline = this.online === false;
      this.reached();
      // Back after an outage: send at once instead of at the end of the backoff.
      if (wasOffline && pending > 0 && this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
      }
      if (pending > 0) this.kick();
    } catch (e) {
      if (this.online) this.log(`server: ${(e as Error).message}`);
      this.online = false;
    }
  }

  private async confirm(station: string, card: { idNumber: string; name: string }, readAt: string, maskedId: string): Promise<void> {
    try {
      const answer = (await this.remote.post(`/api/stations/${encodeURIComponent(station)}/confirm`, { ...card, method: 'card' }, { role: 'caller' })) as Record<string, unknown>;
      this.opts.onOutcome?.({ kind: 'confirm', station, readAt, maskedId, answer });
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('failure', 'internal', String(e));
      const status = typeof err.details.status === 'number' ? err.details.status : 0;
      // 409 is the confirm's verdict (not-the-called-student, nobody-called), not a failure.
      if (status === 409) {
        const { status: _status, ...details } = err.details;
        this.opts.onOutcome?.({ kind: 'confirm', station, readAt, maskedId, answer: { ...details, error: err.code, message: err.message } });
      } else {
        this.log(`confirm at ${station}: ${err.message}; present the card again`);
        this.opts.onOutcome?.({ kind: 'confirm-failed', station, readAt, maskedId, error: { error: err.code, message: err.message } });
      }
    }
  }
}
