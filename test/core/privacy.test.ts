import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openKiosk } from '../../src/core/kiosk.js';
import { SEED_EVENT, at, client, idNumber, tmpDbFile } from './helpers.js';

const admin = { actor: 'admin', pin: '1234' };
const desk = { actor: 'desk' };

describe('privacy', () => {
  it('no ID number reaches the database file or its WAL in plain text', async () => {
    const file = tmpDbFile();
    const ids = Array.from({ length: 6 }, (_, i) => idNumber(`3301061999013100${i}`));
    const kiosk = await openKiosk({ dbFile: file, now: () => at(9, 30) });
    const h = client(kiosk);
    await h.importEvent(structuredClone(SEED_EVENT), admin);
    const csv = ['学号,姓名,学院,身份证号', `001,甲,理学院,${ids[0]}`, `002,乙,理学院,${ids[1]?.toLowerCase()}`, '003,丙,理学院,'].join('\n');
    await h.importRoster({ fileName: 'r.csv', contentBase64: Buffer.from(csv).toString('base64') }, admin);
    await h.updateSettings({ walkInsAllowed: true }, admin);
    await h.checkIn({ idNumber: ids[0]!, name: '甲' }, desk); // by hash
    await h.checkIn({ idNumber: ids[1]!, name: '乙改' }, desk); // hash, name mismatch audited
    await h.checkIn({ idNumber: ids[2]!, name: '丙' }, desk); // name match learns the hash
    await h.checkIn({ idNumber: ids[3]!, name: '路人' }, desk); // walk-in by card
    await h.checkIn({ idNumber: ids[0]!, name: '甲' }, desk).catch(() => {}); // duplicate
    await h.updateSettings({ walkInsAllowed: false }, admin);
    await h.checkIn({ idNumber: ids[4]!, name: '陌生' }, desk).catch(() => {}); // not on roster
    await h.searchStudents({ query: ids[5]! }, desk);

    const scan = () => {
      const blobs = ['', '-wal', '-shm', '-journal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s).toString('latin1'));
      expect(blobs.join('').length).toBeGreaterThan(0);
      for (const id of ids) {
        for (const blob of blobs) {
          expect(blob.includes(id)).toBe(false);
          expect(blob.includes(id.slice(0, 17))).toBe(false);
          expect(blob.includes(id.slice(6, 14))).toBe(false); // the birth date part
        }
      }
      return blobs;
    };
    // while running: the WAL holds the recent pages
    expect(existsSync(`${file}-wal`)).toBe(true);
    scan();
    await kiosk.close();
    const blobs = scan();
    // and the masked form is what is kept
    expect(blobs.join('').includes(`3301**********${ids[0]!.slice(-4)}`)).toBe(true);
  });
});
