// find → select → read, one command in flight, every ~250 ms. A card left on
// the reader is one card event; lifted and presented again, another. When the
// link goes away it says so and reopens with backoff until it is back; a link
// that stays open but never answers is reported too (wrong baud, hung SAM).
import type { CardReader, ReaderStatus } from '../reader.js';
import type { IdCard } from './card.js';
import { decodeReadPayload } from './decode-reply.js';
import { FrameParser, encodeCommand, type CommandName } from './frame.js';
import { SW3 } from './status.js';
import type { ReaderTransport } from './transport.js';

export interface PollerOptions {
  intervalMs?: number;
  findTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Longest wait between reopen attempts. */
  maxBackoffMs?: number;
  /** Unanswered finds in a row before the reader is reported as not answering. */
  silentPolls?: number;
}

const READY = '读卡器已就绪，请刷身份证';

/** A successful "read text" reply: status 90, the two lengths and at least a text block. */
const isReadReply = (p: Uint8Array) => p.length >= 3 + 4 + 256 && p[2] === SW3.SUCCESS;

export function pollReader(makeTransport: () => ReaderTransport, opts: PollerOptions = {}): CardReader {
  const interval = opts.intervalMs ?? 250;
  const findTimeout = opts.findTimeoutMs ?? 200;
  const readTimeout = opts.readTimeoutMs ?? 2000;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const silentPolls = opts.silentPolls ?? 8;
  const cardListeners = new Set<(card: IdCard, readAt: Date) => void>();
  const statusListeners = new Set<(s: ReaderStatus) => void>();
  const target = makeTransport().target;
  let status: ReaderStatus = { state: 'disconnected', message: '读卡器连接中…', target };
  let stopped = false;
  let current: ReaderTransport | undefined;
  /** Wakes whatever wait the loop is in, so close() is prompt. */
  let wake: (() => void) | undefined;

  const setStatus = (state: ReaderStatus['state'], message: string) => {
    if (status.state === state && status.message === message) return;
    status = { state, message, target };
    for (const l of statusListeners) {
      try {
        l(status);
      } catch {
        // a listener's bug must not stop the reader
      }
    }
  };

  /** Waits `ms`, or less when woken (close, link gone). */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        if (wake === done) wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** One session on an open link; returns when the link is gone or the poller stops. */
  async function session(t: ReaderTransport): Promise<void> {
    const parser = new FrameParser();
    let waiting: ((payload: Uint8Array | null) => void) | undefined;
    let gone: Error | undefined;
    t.onData((bytes) => {
      // bad frames are dropped by the parser; only a whole, checked frame answers the command in flight
      for (const e of parser.push(bytes)) {
        if (e.type !== 'frame') continue;
        if (isReadReply(e.payload) && (!waiting || waitingFor !== 'readText')) {
          // a read answered after its timeout: the reader says "already read" (80)
          // from now on, so this late reply is the only chance to see the card
          takeCard(e.payload);
          continue;
        }
        if (!waiting) continue;
        const w = waiting;
        waiting = undefined;
        w(e.payload);
      }
    });
    t.onClose((e) => {
      gone ??= e ?? new Error('port closed');
      waiting?.(null);
      wake?.();
    });
    let waitingFor: CommandName | undefined;
    const command = (name: CommandName, timeoutMs: number): Promise<Uint8Array | null> => {
      if (gone || stopped) return Promise.resolve(null);
      waitingFor = name;
      return new Promise<Uint8Array | null>((resolve) => {
        const timer = setTimeout(() => {
          if (waiting !== settle) return;
          waiting = undefined;
          parser.reset(); // a half frame after a timeout belongs to nobody
          resolve(null);
        }, timeoutMs);
        function settle(payload: Uint8Array | null) {
          clearTimeout(timer);
          resolve(payload);
        }
        waiting = settle;
        t.write(encodeCommand(name)).catch((e: Error) => {
          gone ??= e;
          if (waiting === settle) {
            waiting = undefined;
            settle(null);
          }
        });
      });
    };
    const sw3 = (p: Uint8Array | null) => (p && p.length >= 3 ? (p[2] ?? -1) : -1);

    let lastId: string | null = null; // the card read last, until the reader says "no card"
    let unanswered = 0;
    /** Decodes a read reply and reports the card unless it is the one read last; false when unreadable. */
    function takeCard(payload: Uint8Array): boolean {
      let card: IdCard;
      try {
        card = decodeReadPayload(payload);
      } catch (e) {
        setStatus('error', `读卡失败，请重新放卡：${(e as Error).message}`);
        return false;
      }
      // a reader that answers 9F again for a held card is still one swipe
      if (card.idNumber !== lastId) {
        const readAt = new Date();
        for (const l of cardListeners) {
          try {
            l(card, readAt);
          } catch (e) {
            // a listener failing (e.g. a check-in) is not a bad read and must not stop the polling
            process.stderr.write(`reader: a card listener failed: ${(e as Error).message}\n`);
          }
        }
      }
      lastId = card.idNumber;
      return true;
    }
    setStatus('ok', READY);
    while (!stopped && !gone) {
      const find = await command('findCard', findTimeout);
      if (find === null) {
        if (++unanswered === silentPolls && !gone) setStatus('error', '读卡器无应答：请检查连接线和波特率（默认 115200）');
      } else {
        if (unanswered >= silentPolls) setStatus('ok', READY);
        unanswered = 0;
      }
      if (sw3(find) === SW3.NO_CARD) lastId = null;
      if (sw3(find) === SW3.CARD_FOUND && sw3(await command('selectCard', findTimeout)) === SW3.SUCCESS) {
        const read = await command('readText', readTimeout);
        if (sw3(read) === SW3.SUCCESS && read && !takeCard(read)) {
          await pause(interval);
          setStatus('ok', READY);
        }
      }
      if (!gone && !stopped) await pause(interval);
    }
    if (gone && !stopped) throw gone;
  }

  const loop = (async () => {
    let backoff = 250;
    while (!stopped) {
      const t = makeTransport();
      current = t;
      try {
        await t.open();
        backoff = 250;
        await session(t);
      } catch (e) {
        if (stopped) break;
        setStatus('disconnected', `读卡器已断开，正在重连… (${(e as Error).message})`);
      } finally {
        await t.close().catch(() => {});
      }
      if (!stopped) {
        await pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  })().catch(() => {
    // never an unhandled rejection: every failure above is already a status
  });

  return {
    onCard(l) {
      cardListeners.add(l);
      return () => cardListeners.delete(l);
    },
    onStatus(l) {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    status: () => status,
    async close() {
      stopped = true;
      wake?.();
      await current?.close().catch(() => {});
      await loop;
    },
  };
}
