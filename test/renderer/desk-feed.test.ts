// The desk page of another door: its forwarder's state and the reads that arrived late.
import { describe, expect, it } from 'vitest';
import { LATE_SHOWN, SILENT_AFTER_MS, emptyFeed, feedOf, feedOn, forwarderHealth } from '../../src/renderer/lib/desk-feed.js';
import type { CardSeen, DeskRead, DeskStatus } from '../../src/shared/types.js';

const status = (desk: string, pending: number, seenAt = '2020-11-26T03:00:00.000Z'): DeskStatus => ({
  desk,
  pending,
  failed: 0,
  reader: { state: 'ok', message: '读卡器已就绪' },
  seenAt,
});
const card = (desk: string | null, late: boolean, i: number, ticket: string | null): CardSeen => ({
  name: `学生${i}`,
  maskedId: `3301**********000${i}`,
  idNumberValid: true,
  result: ticket === null ? null : ({ ticket } as CardSeen['result']),
  error: ticket === null ? { error: 'not-on-roster', message: 'not on the roster' } : null,
  desk,
  readAt: `2020-11-26T02:5${i}:00.000Z`,
  late,
});
const read = (c: CardSeen): DeskRead => ({ key: `k${c.readAt}`, desk: c.desk ?? '', readAt: c.readAt, receivedAt: c.readAt, late: c.late, replayed: false, card: c });

describe('desk feed', () => {
  it('loads the late reads of the desk, newest first, and the last report', () => {
    const feed = feedOf({ desk: '东门', status: status('东门', 0), reads: [read(card('东门', true, 3, '0004B')), read(card('东门', false, 2, '0003B')), read(card('东门', true, 1, null))] });
    expect(feed.status?.pending).toBe(0);
    expect(feed.late.map((r) => r.ticket ?? r.error?.error)).toEqual(['0004B', 'not-on-roster']);
  });

  it("follows this desk's reports and late reads live; other desks and on-time reads change nothing", () => {
    let feed = emptyFeed('东门');
    feed = feedOn(feed, { type: 'desk-status', status: status('西门', 5) });
    expect(feed.status).toBeNull();
    feed = feedOn(feed, { type: 'desk-status', status: status('东门', 2) });
    expect(feed.status?.pending).toBe(2);
    feed = feedOn(feed, { type: 'card-seen', card: card('东门', false, 1, '0001B') });
    feed = feedOn(feed, { type: 'card-seen', card: card(null, true, 1, '0001A') });
    expect(feed.late).toEqual([]);
    feed = feedOn(feed, { type: 'card-seen', card: card('东门', true, 2, '0002B') });
    feed = feedOn(feed, { type: 'card-seen', card: card('东门', true, 3, '0003B') });
    feed = feedOn(feed, { type: 'card-seen', card: card('东门', true, 3, '0003B') });
    expect(feed.late.map((r) => r.ticket)).toEqual(['0003B', '0002B']);
    for (let i = 0; i < 20; i++) feed = feedOn(feed, { type: 'card-seen', card: { ...card('东门', true, 4, '0009B'), readAt: `2020-11-26T03:${String(i).padStart(2, '0')}:00.000Z` } });
    expect(feed.late).toHaveLength(LATE_SHOWN);
  });

  it('a forwarder silent for three heartbeats is shown as out of touch, with what it last held', () => {
    const seen = Date.parse('2020-11-26T03:00:00.000Z');
    expect(forwarderHealth(null, seen)).toEqual({ kind: 'unknown' });
    expect(forwarderHealth(status('东门', 3), seen + 10_000)).toMatchObject({ kind: 'ok', pending: 3 });
    expect(forwarderHealth(status('东门', 3), seen + SILENT_AFTER_MS + 1)).toEqual({ kind: 'silent', since: '2020-11-26T03:00:00.000Z', pending: 3 });
  });
});
