// What `#/desk/<name>` shows of its forwarder besides the verdict: whether the
// laptop with the reader is in touch (it reports every 15 s), how many reads it
// still holds, and the reads that reached the server late (taken while it was
// away), each with its number to hand out.
import type { DeskStatus, DeskView, LiveEvent } from '../../shared/types.js';

export interface LateRead {
  readAt: string;
  name: string;
  maskedId: string;
  ticket: string | null;
  /** The error code when no ticket was issued (not-on-roster …), with the body's details. */
  error: { error: string; message: string; [k: string]: unknown } | null;
}

export interface DeskFeed {
  desk: string;
  status: DeskStatus | null;
  /** Newest first. */
  late: LateRead[];
}

export const LATE_SHOWN = 12;
/** Three heartbeats missed: the forwarder is not in touch. */
export const SILENT_AFTER_MS = 45_000;

export const emptyFeed = (desk: string): DeskFeed => ({ desk, status: null, late: [] });

export function feedOf(view: DeskView): DeskFeed {
  return {
    desk: view.desk,
    status: view.status,
    late: view.reads
      .filter((r) => r.late)
      .slice(0, LATE_SHOWN)
      .map((r) => ({ readAt: r.readAt, name: r.card.name, maskedId: r.card.maskedId, ticket: r.card.result?.ticket ?? null, error: r.card.error })),
  };
}

/** The feed after a live event; events of other desks change nothing. */
export function feedOn(feed: DeskFeed, e: LiveEvent): DeskFeed {
  if (e.type === 'desk-status' && e.status.desk === feed.desk) return { ...feed, status: e.status };
  if (e.type === 'card-seen' && e.card.desk === feed.desk && e.card.late) {
    const read: LateRead = { readAt: e.card.readAt, name: e.card.name, maskedId: e.card.maskedId, ticket: e.card.result?.ticket ?? null, error: e.card.error };
    const others = feed.late.filter((r) => !(r.readAt === read.readAt && r.maskedId === read.maskedId));
    return { ...feed, late: [read, ...others].slice(0, LATE_SHOWN) };
  }
  return feed;
}

export type ForwarderHealth =
  | { kind: 'unknown' }
  | { kind: 'silent'; since: string; pending: number }
  | { kind: 'ok'; pending: number; failed: number; reader: DeskStatus['reader'] };

/** How the forwarder stands, as of `nowMs`. */
export function forwarderHealth(status: DeskStatus | null, nowMs: number, silentAfterMs = SILENT_AFTER_MS): ForwarderHealth {
  if (status === null) return { kind: 'unknown' };
  if (nowMs - Date.parse(status.seenAt) > silentAfterMs) return { kind: 'silent', since: status.seenAt, pending: status.pending };
  return { kind: 'ok', pending: status.pending, failed: status.failed, reader: status.reader };
}

/** `09:41:05` in this browser's time. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
