// A demo day for `swipequeue serve --reader demo` (`npm start`) on an empty
// database: an event of today with two rooms and a roster of the demo cards'
// people, so the first swipe already issues a ticket.
import type { Db } from '../db/connection.js';
import { DEMO_STUDENTS } from '../hardware/idcard/demo-cards.js';
import { activeEventId } from './settings.js';
import { importEvent } from './events.js';
import type { IdKey } from './id-hash.js';
import { importRoster } from './roster-import.js';

export function seedDemoDay(db: Db, idKey: IdKey, now: Date): boolean {
  if (activeEventId(db) !== null) return false;
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  importEvent(
    db,
    {
      name: '演示：毕业生图像采集',
      date: day,
      feeYuan: 20,
      stations: [
        { code: 'A', room: '7-115' },
        { code: 'B', room: '7-119' },
      ],
      slots: [
        { station: 'A', college: '理学院', start: '00:00', end: '23:59' },
        { station: 'B', college: '信息学院', start: '00:00', end: '23:59' },
      ],
    },
    now,
  );
  const csv = ['学号,姓名,学院,身份证号', ...DEMO_STUDENTS.map((s) => `${s.studentId},${s.name},${s.college},${s.idNumber}`)].join('\n');
  importRoster(db, idKey, 'demo-roster.csv', Buffer.from(csv, 'utf8'), { now, actor: 'demo' });
  return true;
}
