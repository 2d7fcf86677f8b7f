// A card check-in must carry a card: blank text, a damaged ID number or a
// missing name is refused by core itself (not only by the zod schema at the
// edge), and nothing is matched, learned or recorded. Real SQLite file.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIn } from '../../src/core/checkin.js';
import { importEvent } from '../../src/core/events.js';
import { loadIdKey } from '../../src/core/id-hash.js';
import { importRoster } from '../../src/core/roster-import.js';
import { openDb, type Db } from '../../src/db/connection.js';
import { AppError } from '../../src/shared/errors.js';
import type { CheckInInput } from '../../src/shared/schemas.js';
import { SEED_EVENT, at, idNumber, tmpDbFile } from './helpers.js';

const ID_JIA = idNumber('33010619990131002');
const ROSTER = ['学号,姓名,学院,身份证号', `2019001,甲一,理学院,${ID_JIA}`, '2019003,丙三,信息学院,'].join('\n');

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function refusal(input: unknown, file: string): AppError {
  const ctx = { actor: 'reader', now: at(9, 30), idKey: loadIdKey(file) };
  try {
    checkIn(db!, input as CheckInInput, ctx);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`check-in of ${JSON.stringify(input)} was accepted`);
}

describe('core refuses a card check-in without a card in it', () => {
  it('blank, invalid or nameless card data: refused, and the database is exactly as before', () => {
    const file = tmpDbFile();
    db = openDb(file);
    importEvent(db, structuredClone(SEED_EVENT), at(8));
    importRoster(db, loadIdKey(file), 'roster.csv', Buffer.from(ROSTER), { now: at(8) });
    const snapshot = () => {
      const raw = new Database(file, { readonly: true });
      try {
        return {
          tickets: raw.prepare('SELECT COUNT(*) AS n FROM tickets').get(),
          audit: raw.prepare('SELECT COUNT(*) AS n FROM audit').get(),
          students: raw.prepare('SELECT student_id, id_hash, id_masked, walk_in FROM students ORDER BY student_id').all(),
        };
      } finally {
        raw.close();
      }
    };
    const before = snapshot();
    expect(before.students).toContainEqual({ student_id: '2019003', id_hash: null, id_masked: null, walk_in: 0 });

    // all-zero or all-space text blocks decode to an empty name and an empty number
    expect(refusal({ idNumber: '', name: '' }, file)).toMatchObject({ kind: 'bad-input', code: 'blank-card' });
    expect(refusal({ idNumber: '\u0000\u0000  ', name: ' \u0000\u0000 ' }, file)).toMatchObject({ code: 'blank-card' });
    // the old bug: an empty number plus a roster name bound the empty number's hash to 丙三
    expect(refusal({ idNumber: '', name: '丙三' }, file)).toMatchObject({ code: 'invalid-id-number' });
    // a wrong check digit, and a number of the wrong shape
    const wrong = `${ID_JIA.slice(0, 17)}${ID_JIA.endsWith('1') ? '2' : '1'}`;
    const e = refusal({ idNumber: wrong, name: '甲一' }, file);
    expect(e).toMatchObject({ code: 'invalid-id-number', details: { maskedId: `${wrong.slice(0, 4)}**********${wrong.slice(-4)}` } });
    expect(e.message).not.toContain(wrong);
    expect(refusal({ idNumber: '1234567890', name: '甲一' }, file)).toMatchObject({ code: 'invalid-id-number' });
    // a good number without a name
    expect(refusal({ idNumber: ID_JIA, name: '  ' }, file)).toMatchObject({ code: 'missing-name' });

    expect(snapshot()).toEqual(before);
    // the same database still takes a real card
    const ok = checkIn(db, { idNumber: ID_JIA, name: '甲一' }, { actor: 'reader', now: at(9, 30), idKey: loadIdKey(file) });
    expect(ok).toMatchObject({ studentId: '2019001', ticket: '0001B' });
    // a 2017 foreigner permit is a card number too (walk-ins off: not on the roster, but not refused as invalid)
    expect(refusal({ idNumber: 'BRA110099010101', name: 'MARIA JOSE SILVA' }, file)).toMatchObject({ code: 'not-on-roster' });
  });
});
