// find → select → read, one command in flight, every ~250 ms. A card left on
// the reader is one card event; lifted and presented again, another. When the
// link goes away it says so and reopens with backoff until it is back.
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function pollReader(makeTransport: () => ReaderTransport, opts: PollerOptions = {}): CardReader {
  const interval = opts.intervalMs ?? 250;
  const findTimeout = opts.findTimeoutMs ?? 200;
  const readTimeout = opts.readTimeoutMs ?? 2000;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const cardListeners = new Set<(card: IdCard, readAt: Date) => void>();
  const statusListeners = new Set<(s: ReaderStatus) => void>();
  const target = makeTransport().target;
  let status: ReaderStatus = { state: 'disconnected', message: '读卡器连接中…', target };
  let stopped = false;
  let current: ReaderTransport | undefined;

  const setStatus = (state: ReaderStatus['state'], message: string) => {
    if (status.state === state && status.message === message) return;
    status = { state, message, target };
    statusListeners.forEach((l) => l(status));
  };

  // A listener that throws (e.g. a check-in failing) must not look like a bad read
  // nor stop the polling: it is the listener's business, reported on stderr.
  const emitCard = (card: IdCard, readAt: Date) => {
    for (const l of cardListeners) {
      try {
        l(card, readAt);
      } catch (e) {
        process.stderr.write(`reader: a card listener failed: ${(e as Error).message}\n`);
      }
    }
  };

  /** One session on an open link; returns when the link is gone or the poller stops. */
  async function session(t: ReaderTransport): Promise<void> {
    const parser = new FrameParser();
    let waiting: ((payload: Uint8Array | null) => void) | undefined;
    let gone: Error | undefined;
    let wakeOnClose: (() => void) | undefined;
    t.onData((bytes) => {
      for (const e of parser.push(bytes)) if (e.type === 'frame' && waiting) {
        const w = waiting;
        waiting = undefined;
        w(e.payload);
      }
    });
    t.onClose((e) => {
      gone = e ?? new Error('port closed');
      waiting?.(null);
      wakeOnClose?.();
    });
    const command = async (name: CommandName, timeoutMs: number): Promise<Uint8Array | null> => {
      if (gone) return null;
      const reply = new Promise<Uint8Array | null>((resolve) => {
        waiting = resolve;
        setTimeout(() => {
          if (waiting === resolve) {
            waiting = undefined;
            parser.reset(); // a half frame after a timeout belongs to nobody
            resolve(null);
          }
        }, timeoutMs);
      });
      await t.write(encodeCommand(name)).catch((e: Error) => (gone ??= e));
      return reply;
    };
    const sw3 = (p: Uint8Array | null) => (p && p.length >= 3 ? (p[2] ?? -1) : -1);

    let lastId: string | null = null; // the card read last, until the reader says "no card"
    setStatus('ok', '读卡器已就绪，请刷身份证');
    while (!stopped && !gone) {
      const find = await command('findCard', findTimeout);
      if (sw3(find) === SW3.NO_CARD) lastId = null;
      if (sw3(find) === SW3.CARD_FOUND && sw3(await command('selectCard', findTimeout)) === SW3.SUCCESS) {
        const read = await command('readText', readTimeout);
        if (sw3(read) === SW3.SUCCESS && read) {
          try {
            const card = decodeReadPayload(read);
            if (card.idNumber !== lastId) emitCard(card, new Date());
            lastId = card.idNumber;
          } catch (e) {
            setStatus('error', `读卡失败，请重新放卡：${(e as Error).message}`);
            await sleep(interval);
            setStatus('ok', '读卡器已就绪，请刷身份证');
          }
        }
      }
      if (!gone) await new Promise<void>((r) => {
        wakeOnClose = r;
        setTimeout(r, interval);
      });
    }
    if (gone && !stopped) throw gone;
  }

  void (async () => {
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
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  })();

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
      await current?.close().catch(() => {});
    },
  };
}
