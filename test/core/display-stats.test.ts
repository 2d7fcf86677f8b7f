import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { estimateWaitMinutes } from '../../src/core/display.js';
import { feeTotals } from '../../src/core/fees.js';
import { openDb } from '../../src/db/connection.js';
import { SEED_EVENT, at, client, tmpDbFile } from './helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };
const caller = { actor: 'caller:B' };

let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

describe('display and stats', () => {
  it('estimates the wait from the median gap between calls', () => {
    expect(estimateWaitMinutes([], 5)).toBeNull();
    expect(estimateWaitMinutes([at(9, 0).toISOString()], 5)).toBeNull();
    // gaps 2, 2, 10 minutes: median 2 × 4 waiting = 8
    expect(estimateWaitMinutes([at(9, 0), at(9, 2), at(9, 4), at(9, 14)].map((d) => d.toISOString()), 4)).toBe(8);
  });

  it('shows calling, next five, recent, waiting and per-college progress; arrivals per 15 minutes', async () => {
    const file = tmpDbFile();
    let clock = at(9, 0);
    kiosk = await openKiosk({ dbFile: file, now: () => clock });
    const h = client(kiosk);
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    const rows = ['学号,姓名,学院,已有照片', ...Array.from({ length: 9 }, (_, i) => `L${i + 1},理${i + 1},理学院,${i === 8 ? '是' : '否'}`), 'X1,信一,信息学院,否'];
    await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(rows.join('\n')).toString('base64') }, admin);
    for (let i = 1; i <= 8; i++) {
      clock = at(9, 2 * i); // 09:02 … 09:16: buckets 09:00 (7) and 09:15 (1)
      await h.checkIn({ studentId: `L${i}` }, desk);
    }
    for (let i = 0; i < 3; i++) {
      clock = at(9, 20 + 3 * i);
      const t = await h.callNext({ station: 'B' }, caller);
      await h.photographed({ ticket: t.ticket }, caller);
    }
    clock = at(9, 30);
    await h.callNext({ station: 'B' }, caller);

    const d = await h.getDisplay({}, desk);
    expect(d.eventName).toBe(SEED_EVENT.name);
    const b = d.stations.find((s) => s.station === 'B')!;
    expect(b).toEqual({
      station: 'B',
      room: '7-119',
      calling: '0004B',
      next: ['0005B', '0006B', '0007B', '0008B'],
      recent: ['0003B', '0002B', '0001B'],
      waiting: 4,
      estimatedWaitMinutes: 12, // gaps 3, 3, 3 minutes × 4 waiting
    });
    expect(d.stations.find((s) => s.station === 'A')).toMatchObject({ calling: null, next: [], waiting: 0, estimatedWaitMinutes: null });
    // L9 did not check in but has a photo on file: exempt, not absent (未到)
    expect(d.colleges).toEqual([
      { college: '信息学院', onRoster: 1, checkedIn: 0, photographed: 0, exempt: 0, absent: 1 },
      { college: '理学院', onRoster: 9, checkedIn: 8, photographed: 3, exempt: 1, absent: 0 },
    ]);

    const stats = await h.getStats({}, desk);
    expect(stats.colleges).toEqual(d.colleges);
    expect(stats.stations).toEqual([
      { code: 'A', room: '7-115' },
      { code: 'B', room: '7-119' },
    ]);
    expect(stats.arrivals).toEqual([
      { bucket: at(9, 0).toISOString(), station: 'B', count: 7 },
      { bucket: at(9, 15).toISOString(), station: 'B', count: 1 },
    ]);
    await h.setFeeStatus({ ticket: '0001B', feeStatus: 'paid' }, desk);
    await kiosk.close();
    kiosk = undefined;
    const db = openDb(file);
    // fees as the notices count them: 3 photographed (one paid) is what 理学院 hands over; 5 still in the queue; L9 exempt
    const none = { photographed: 0, chargeable: 0, paid: 0, unpaid: 0, notPhotographed: 0, notPhotographedPaid: 0, exempt: 0, paidFen: 0, dueFen: 0 };
    expect(feeTotals(db, 1)).toEqual({
      feeFen: 2000,
      colleges: [
        { college: '信息学院', ...none },
        { college: '理学院', photographed: 3, chargeable: 3, paid: 1, unpaid: 2, notPhotographed: 5, notPhotographedPaid: 0, exempt: 1, paidFen: 2000, dueFen: 6000 },
      ],
    });
    db.close();
  });
});
