import { afterEach, describe, expect, it, vi } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { DEMO_STUDENTS } from '../../src/hardware/idcard/demo-cards.js';
import { demoReader } from '../../src/hardware/idcard/demo-reader.js';
import type { IdCard } from '../../src/hardware/idcard/card.js';
import { isValidIdNumber } from '../../src/shared/id-number.js';
import { client, tmpDbFile } from './helpers.js';

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

describe('demo mode', () => {
  it('the demo reader presents every student of the demo roster once before any card comes again', async () => {
    vi.useFakeTimers();
    try {
      const reader = demoReader({ intervalMs: 1000 });
      const seen: IdCard[] = [];
      reader.onCard((c) => seen.push(c));
      vi.advanceTimersByTime(1000 * DEMO_STUDENTS.length);
      expect(seen).toHaveLength(DEMO_STUDENTS.length);
      expect(DEMO_STUDENTS.length).toBeGreaterThanOrEqual(100); // a demo day worth queueing, not 8 then duplicates
      expect(new Set(seen.map((c) => c.idNumber))).toEqual(new Set(DEMO_STUDENTS.map((s) => s.idNumber)));
      expect(new Set(DEMO_STUDENTS.map((s) => s.studentId)).size).toBe(DEMO_STUDENTS.length);
      expect(seen.every((c) => isValidIdNumber(c.idNumber) && c.idNumberValid)).toBe(true);
      // The 17th digit matches the card's gender (odd for men).
      expect(seen.every((c) => (Number(c.idNumber[16]) % 2 === 1) === (c.gender === '男'))).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(seen.at(-1)?.idNumber).toBe(seen[0]?.idNumber);
      await reader.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an empty database with the demo reader gets a demo day whose roster matches the cards; a real day is left alone', async () => {
    const file = tmpDbFile();
    kiosk = await openKiosk({ dbFile: file, reader: 'demo' });
    const h = client(kiosk);
    const event = await h.getEvent({}, { actor: 'desk' });
    expect(event?.stations.map((s) => s.code)).toEqual(['A', 'B']);
    const first = DEMO_STUDENTS[0]!;
    const r = await h.checkIn({ idNumber: first.idNumber, name: first.name }, { actor: 'reader' });
    expect(r).toMatchObject({ ticket: '0001A', studentId: first.studentId, college: '理学院' });
    await kiosk.close();
    // reopening keeps the day (and its ticket) as it is
    kiosk = await openKiosk({ dbFile: file, reader: 'demo' });
    expect(await client(kiosk).getQueue({ station: 'A' }, { actor: 'desk' })).toMatchObject({ tickets: [{ ticket: '0001A' }] });
  });
});
