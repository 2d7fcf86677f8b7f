// Attendance (docs/interfaces.md §1.8): every roster student and walk-in, then
// whether the camera confirmed who was photographed (本人确认) and how often
// the photo was retaken (补拍; a retake is the same row, counted once).
import type { Db } from '../../db/connection.js';
import { confirmLabel, exportScope, localDateTime, studentLines } from './data.js';
import type { Table } from './tabular.js';

export function attendanceTable(db: Db, eventId: number, college?: string): Table {
  exportScope(db, eventId, college);
  return {
    header: ['学号', '姓名', '学院', '号牌', '签到时间', '状态', '缴费', '本人确认', '补拍'],
    rows: studentLines(db, eventId, college).map((l) => [
      l.studentId,
      l.name,
      l.college,
      l.ticket ?? '',
      localDateTime(l.checkedInAt),
      l.status,
      l.feeStatus ?? '',
      confirmLabel(l),
      l.ticket === null ? '' : String(l.retakes),
    ]),
  };
}
