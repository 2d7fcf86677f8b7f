// find → select → read, one command in flight. Find is a 10-byte command, so
// an idle reader is asked often (every 50 ms): a card is noticed quickly. A
// reader that answers with faults, or not at all, is asked less and less
// often (up to every 500 ms) until it answers well again. A card left on the
// reader is one card event; lifted and presented again, another. Blank card
// data is never a card. When the link goes away it says so and reopens with
// backoff until it is back; a link that stays open but never answers is
// reported too (wrong baud, hung SAM). The link is SAM frames on a byte
// transport or a vendor SDTAPI library (sam-link.ts, sdtapi.ts).
import type { CardReader, ReaderStatus } from '../reader.js';
import type { IdCard } from './card.js';
import { decodeReadPayload } from './decode-reply.js';
import { frameLink, type SamLink } from './sam-link.js';
import { SW3, isHealthyStatus, statusNameZh } from './status.js';
import type { ReaderTransport } from './transport.js';

export interface PollerOptions {
  /** Pause between finds while the reader answers well. */
  intervalMs?: number;
  /** Longest pause between finds while it answers with faults or not at all. */
  errorBackoffMs?: number;
  findTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Longest wait between reopen attempts. */
  maxBackoffMs?: number;
  /** Unanswered finds in a row before the reader is reported as not answering. */
  silentPolls?: number;
  /** How long a fault (bad read, error status) stays on screen before "ready" replaces it. */
  faultHoldMs?: number;
}

export const DEFAULT_POLL_MS = 50;
const READY = '读卡器已就绪，请刷身份证';

const sw3Of = (p: Uint8Array | null) => (p && p.length >= 3 ? (p[2] ?? -1) : -1);

/** Polls a SAM reader on a byte transport (serial, HID, emulator). */
export function pollReader(makeTransport: () => ReaderTransport, opts: PollerOptions = {}): CardReader {
  return pollSam(() => frameLink(makeTransport()), opts);
}

/** Polls a SAM reader through any link: the same loop for frames and for vendor libraries. */
export function pollSam(makeLink: () => SamLink, opts: PollerOptions = {}): CardReader {
  const interval = opts.intervalMs ?? DEFAULT_POLL_MS;
  const errorBackoff = Math.max(interval, opts.errorBackoffMs ?? 500);
  const findTimeout = opts.findTimeoutMs ?? 200;
  const readTimeout = opts.readTimeoutMs ?? 2000;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const silentPolls = opts.silentPolls ?? 8;
  const faultHold = opts.faultHoldMs ?? 2000;
  const cardListeners = new Set<(card: IdCard, readAt: Date) => void>();
  const statusListeners = new Set<(s: ReaderStatus) => void>();
  const target = makeLink().target;
  let status: ReaderStatus = { state: 'disconnected', message: '读卡器连接中…', target };
  let stopped = false;
  let current: SamLink | undefined;
  /** Wakes whatever wait the loop is in, so close() is prompt. */
  let wake: (() => void) | undefined;
  /** When the last fault was shown: "ready" waits `faultHold` before replacing it. */
  let faultAt = 0;

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
  const fault = (message: string) => {
    faultAt = Date.now();
    setStatus('error', message);
  };
  const ready = () => {
    if (status.state === 'error' && Date.now() - faultAt < faultHold) return;
    setStatus('ok', READY);
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
  async function session(link: SamLink): Promise<void> {
    let gone: Error | undefined;
    link.onGone((e) => {
      gone ??= e;
      wake?.();
    });
    let lastId: string | null = null; // the card read last, until the reader says "no card"
    let unanswered = 0;
    let delay = interval;

    /** Decodes a read reply and reports the card unless it is the one read last; false when unreadable. */
    function takeCard(payload: Uint8Array): boolean {
      let card: IdCard;
      try {
        card = decodeReadPayload(payload);
      } catch (e) {
        const code = (e as { code?: string }).code;
        // blank card data is a reader that answered before the card was read: never a card
        fault(code === 'blank-card' ? '读到空白的证件数据，请把身份证重新放到读卡器上' : `读卡失败，请重新放卡：${(e as Error).message}`);
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
    link.onLateRead((payload) => void takeCard(payload));

    /** One find (→ select → read); true when every answer was a good one. */
    async function cycle(): Promise<boolean> {
      const find = await link.send('findCard', findTimeout);
      if (gone || stopped) return true;
      if (find === null) {
        if (++unanswered === silentPolls) fault('读卡器无应答：请检查连接线和波特率（默认 115200）');
        return false;
      }
      unanswered = 0;
      const found = sw3Of(find);
      if (!isHealthyStatus(found)) {
        fault(`读卡器报错：${statusNameZh(found)}`);
        return false;
      }
      if (found === SW3.NO_CARD) lastId = null;
      if (found !== SW3.CARD_FOUND) {
        ready();
        return true;
      }
      const select = sw3Of(await link.send('selectCard', findTimeout));
      if (gone || stopped) return true;
      if (select !== SW3.SUCCESS) {
        // 81: the card left between find and select; anything else is the SAM's fault
        if (select >= 0 && select !== SW3.SELECT_FAILED) fault(`读卡器报错：${statusNameZh(select)}`);
        return select === SW3.SELECT_FAILED;
      }
      const read = await link.send('readText', readTimeout);
      if (gone || stopped) return true;
      if (read === null) return false; // a late answer still arrives through onLateRead
      if (sw3Of(read) !== SW3.SUCCESS) {
        fault(`读卡失败，请重新放卡：${statusNameZh(sw3Of(read))}`);
        return false;
      }
      if (!takeCard(read)) return false;
      ready();
      return true;
    }

    setStatus('ok', READY);
    while (!stopped && !gone) {
      const good = await cycle();
      // good answers: ask again soon; faults and silence: less and less often
      delay = good ? interval : Math.min(errorBackoff, Math.max(delay * 2, 2 * interval));
      if (!gone && !stopped) await pause(delay);
    }
    if (gone && !stopped) throw gone;
  }

  const loop = (async () => {
    let backoff = 250;
    while (!stopped) {
      const link = makeLink();
      current = link;
      try {
        await link.open();
        backoff = 250;
        await session(link);
      } catch (e) {
        if (stopped) break;
        setStatus('disconnected', `读卡器已断开，正在重连… (${(e as Error).message})`);
      } finally {
        await link.close().catch(() => {});
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
