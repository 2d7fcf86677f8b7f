import { afterEach, describe, expect, it } from 'vitest';
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
  it('the demo reader presents every demo student in turn, with valid ID numbers', async () => {
    const reader = demoReader({ intervalMs: 5 });
    const seen: IdCard[] = [];
    reader.onCard((c) => seen.push(c));
    await new Promise((r) => setTimeout(r, 5 * (DEMO_STUDENTS.length + 4)));
    await reader.close();
    expect(seen.length).toBeGreaterThanOrEqual(DEMO_STUDENTS.length);
    expect(new Set(seen.map((c) => c.name))).toEqual(new Set(DEMO_STUDENTS.map((s) => s.name)));
    expect(seen.every((c) => isValidIdNumber(c.idNumber) && c.idNumberValid)).toBe(true);
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
