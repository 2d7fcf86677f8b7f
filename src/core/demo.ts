// A demo day for `swipequeue serve --reader demo` (`npm start`) on an empty
// database: an event of today with two rooms and a roster of the demo cards'
// people, so the first swipe already issues a ticket.
import type { Db } from '../db/connection.js';
import { demoRosterCsv } from '../hardware/idcard/demo-cards.js';
import type { EventFile } from '../shared/schemas.js';
import { activeEventId } from './settings.js';
import { importEvent } from './events.js';
import type { IdKey } from './id-hash.js';
import { importRoster } from './roster-import.js';

/** Two rooms (7-115 and 7-119, as in the 000 notice), one college each, all day long. */
export function twoRoomDay(name: string, date: string, [collegeA, collegeB]: [string, string], feeYuan = 20): EventFile {
  return {
    name,
    date,
    feeYuan,
    stations: [
      { code: 'A', room: '7-115' },
      { code: 'B', room: '7-119' },
    ],
    slots: [
      { station: 'A', college: collegeA, start: '00:00', end: '23:59' },
      { station: 'B', college: collegeB, start: '00:00', end: '23:59' },
    ],
  };
}

export function seedDemoDay(db: Db, idKey: IdKey, now: Date): boolean {
  if (activeEventId(db) !== null) return false;
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  importEvent(db, twoRoomDay('演示：毕业生图像采集', day, ['理学院', '信息学院']), now);
  importRoster(db, idKey, 'demo-roster.csv', Buffer.from(demoRosterCsv(), 'utf8'), { now, actor: 'demo' });
  return true;
}
