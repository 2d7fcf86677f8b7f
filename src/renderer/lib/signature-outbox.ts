// Signatures are never lost. The desk's rule (src/renderer/screens/Desk.tsx): when the
// screen leaves a ticket whose pad holds strokes not yet confirmed (the next card, the
// idle return, 完成 or Esc), those strokes are saved to that ticket as if 确认签名
// had been pressed. Every save goes through this outbox: one that cannot reach the
// server (offline, busy) is kept in sessionStorage, so it also survives a reload, and
// retried until the server takes it; one the server refuses for good (the ticket was
// cancelled) is dropped. The queue at the door never waits for a signature.
import { errorCode } from '../api/bridge.js';

export interface PendingSignature {
  ticket: string;
  svgPath: string;
}

export type Outcome = 'saved' | 'queued' | 'refused';

export interface SignatureOutbox {
  /** Saves now, or keeps it for later when the server cannot be reached. */
  submit(ticket: string, svgPath: string): Promise<Outcome>;
  /** Keeps it for later without trying now (the page is going away). */
  keep(ticket: string, svgPath: string): void;
  /** Tries every kept signature again (oldest first); resolves with how many are still waiting. */
  flush(): Promise<number>;
  pending(): PendingSignature[];
  /** How many wait (a stable snapshot for useSyncExternalStore). */
  size(): number;
  subscribe(listener: () => void): () => void;
}

const KEY = 'swipequeue.pendingSignatures';
/** Codes that mean the save never reached a server able to take it: keep and retry. */
const RETRY = new Set(['offline', 'timeout', 'busy', 'storage', 'internal', 'ipc-failed', 'http-502', 'http-503', 'http-504']);

export interface OutboxOptions {
  save: (ticket: string, svgPath: string) => Promise<unknown>;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export function createSignatureOutbox({ save, storage = null }: OutboxOptions): SignatureOutbox {
  const load = (): PendingSignature[] => {
    try {
      const parsed = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
      return Array.isArray(parsed) ? parsed.filter((p): p is PendingSignature => typeof p?.ticket === 'string' && typeof p?.svgPath === 'string') : [];
    } catch {
      return [];
    }
  };
  let queue = load();
  const listeners = new Set<() => void>();
  const persist = () => {
    try {
      storage?.setItem(KEY, JSON.stringify(queue));
    } catch {
      // storage full or blocked: the queue still lives in memory
    }
    for (const l of [...listeners]) l();
  };
  const attempt = async (p: PendingSignature): Promise<Outcome> => {
    try {
      await save(p.ticket, p.svgPath);
      return 'saved';
    } catch (e) {
      return RETRY.has(errorCode(e) ?? 'offline') ? 'queued' : 'refused';
    }
  };
  let flushing: Promise<number> | null = null;
  return {
    async submit(ticket, svgPath) {
      // A newer signature for the same ticket replaces a kept one.
      queue = queue.filter((p) => p.ticket !== ticket);
      const outcome = await attempt({ ticket, svgPath });
      if (outcome === 'queued') queue.push({ ticket, svgPath });
      persist();
      return outcome;
    },
    keep(ticket, svgPath) {
      queue = [...queue.filter((p) => p.ticket !== ticket), { ticket, svgPath }];
      persist();
    },
    flush() {
      flushing ??= (async () => {
        for (const p of [...queue]) {
          const outcome = await attempt(p);
          if (outcome === 'queued') break; // still unreachable: keep the order, try later
          queue = queue.filter((q) => q !== p);
          persist();
        }
        return queue.length;
      })().finally(() => {
        flushing = null;
      });
      return flushing;
    },
    pending: () => [...queue],
    size: () => queue.length,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
