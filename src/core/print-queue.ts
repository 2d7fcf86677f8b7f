// The print queue: tickets leave the check-in path and go to the printer one
// at a time, in the order they were queued. A failed attempt is retried after a
// pause (the printer was switched off and on, a cable re-plugged, a network
// blip); a ticket that still did not print is reported "not printed" and the
// desk reprints it or hands out a plate. Nothing here throws: every job ends in
// an outcome.
import type { TicketPrintJob } from '../hardware/printer.js';
import type { PrintOutcome } from './devices.js';

/** Pauses before the 2nd and 3rd attempt of a job. */
export const RETRY_DELAYS_MS = [1000, 3000] as const;

export const STOPPED_MESSAGE = '签到服务已停止，号票没有打印：请在签到台补打';

export interface PrintQueueOptions {
  /** One attempt at the printer (src/core/devices.ts `print`): never throws. */
  send(job: TicketPrintJob): Promise<PrintOutcome>;
  retryDelaysMs?: readonly number[];
}

export interface PrintQueue {
  /**
   * Queues a job; resolves with its outcome once it printed or gave up, after
   * `onOutcome` ran. A job with the `key` of one still waiting its turn joins
   * that one instead of printing twice (a reprint pressed before the first
   * print left); its own `onOutcome` is not called.
   */
  add(job: TicketPrintJob, opts?: { key?: string; onOutcome?: (outcome: PrintOutcome) => void }): Promise<PrintOutcome>;
  /** Jobs waiting or printing. */
  readonly size: number;
  /**
   * Stops taking jobs: those not started end "not printed" at once, the one at
   * the printer is awaited (its transport bounds it). Returns the keys of the
   * jobs that never reached the printer.
   */
  close(): Promise<string[]>;
}

interface Entry {
  job: TicketPrintJob;
  key: string | undefined;
  done: Promise<PrintOutcome>;
  settle(outcome: PrintOutcome): void;
}

/**
 * Runs the job's own outcome handler first. One that fails (the disk refused to
 * record `printed`) does not stop the queue: the ticket then reads "not printed",
 * which a reprint mends.
 */
const settler = (resolve: (o: PrintOutcome) => void, onOutcome: ((o: PrintOutcome) => void) | undefined) => (outcome: PrintOutcome) => {
  try {
    onOutcome?.(outcome);
  } catch {
    // see above
  }
  resolve(outcome);
};

export function createPrintQueue(opts: PrintQueueOptions): PrintQueue {
  const delays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
  const waiting: Entry[] = [];
  let current: Entry | null = null;
  let worker: Promise<void> | null = null;
  let closed = false;
  /**
   * After a job gave up, the printer is taken to be down: later jobs get one
   * attempt each until one prints, so a dead printer does not hold every
   * ticket behind it for the whole retry schedule.
   */
  let down = false;
  let wakeSleeper: (() => void) | null = null;
  /** Keys of the jobs the stop ended unprinted. */
  const stoppedKeys: string[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeSleeper = null;
        resolve();
      }, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      };
    });

  const attempt = async (entry: Entry): Promise<PrintOutcome> => {
    const tries = down ? 1 : delays.length + 1;
    let outcome: PrintOutcome = { printed: false, printError: STOPPED_MESSAGE };
    for (let i = 0; i < tries; i++) {
      if (i > 0) {
        if (!closed) await sleep(delays[i - 1] ?? 0);
        if (closed) {
          if (entry.key !== undefined) stoppedKeys.push(entry.key);
          return { printed: false, printError: STOPPED_MESSAGE };
        }
      }
      outcome = await opts.send(entry.job);
      if (outcome.printed) break;
    }
    down = !outcome.printed;
    return outcome;
  };

  const run = async () => {
    // Drawing a ticket (its QR raster) takes milliseconds of CPU: let the check-in's
    // answer leave first, and whatever else waits, before each job.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let next = waiting.shift(); next !== undefined && !closed; next = waiting.shift()) {
      current = next;
      next.settle(await attempt(next));
      current = null;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    worker = null;
  };

  return {
    add(job, { key, onOutcome } = {}) {
      if (closed) {
        const outcome = { printed: false, printError: STOPPED_MESSAGE };
        onOutcome?.(outcome);
        return Promise.resolve(outcome);
      }
      const same = key === undefined ? undefined : waiting.find((e) => e.key === key);
      if (same) return same.done;
      let settle!: (o: PrintOutcome) => void;
      const done = new Promise<PrintOutcome>((resolve) => (settle = settler(resolve, onOutcome)));
      waiting.push({ job, key, done, settle });
      worker ??= run();
      return done;
    },
    get size() {
      return waiting.length + (current ? 1 : 0);
    },
    async close() {
      if (closed) return [];
      closed = true;
      const dropped = waiting.splice(0);
      for (const e of dropped) e.settle({ printed: false, printError: STOPPED_MESSAGE });
      // A job pausing between attempts stops at once; one at the printer finishes.
      wakeSleeper?.();
      await worker;
      return [...stoppedKeys, ...dropped.map((e) => e.key).filter((k): k is string => k !== undefined)];
    },
  };
}
