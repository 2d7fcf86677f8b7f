// The desk's search box: by student ID prefix, name, or a typed ID number (matched by its hash).
import type { Db } from '../db/connection.js';
import { classifyDeskInput } from '../shared/id-number.js';
import type { StudentSummary } from '../shared/types.js';
import { activeEventId } from './settings.js';
import { hashIdNumber, type IdKey } from './id-hash.js';
import { prep } from './sql.js';

const LIMIT = 20;
const SELECT = `SELECT s.student_id, s.name, s.college, s.id_masked, s.has_photo, s.walk_in,
  (SELECT t.ticket FROM tickets t WHERE t.event_id = s.event_id AND t.student = s.id AND t.status <> 'cancelled') AS ticket
  FROM students s`;

interface Row {
  student_id: string;
  name: string;
  college: string;
  id_masked: string | null;
  has_photo: number;
  walk_in: number;
  ticket: string | null;
}

export function searchStudents(db: Db, idKey: IdKey, query: string): StudentSummary[] {
  const eventId = activeEventId(db);
  if (eventId === null) return [];
  const input = classifyDeskInput(query);
  let rows: Row[];
  if (input.kind === 'empty') return [];
  if (input.kind === 'idNumber') {
    rows = prep(db, `${SELECT} WHERE s.event_id = ? AND s.id_hash = ? LIMIT ${LIMIT}`).all(eventId, hashIdNumber(idKey, input.idNumber)) as Row[];
  } else {
    const q = query.trim();
    const like = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    rows = prep(
      db,
      `${SELECT} WHERE s.event_id = ? AND (s.student_id LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\')
       ORDER BY s.student_id = ? DESC, s.name = ? DESC, s.student_id LIMIT ${LIMIT}`,
    ).all(eventId, like, like, `%${like}`, q, q) as Row[];
  }
  return rows.map((r) => ({
    studentId: r.student_id,
    name: r.name,
    college: r.college,
    maskedId: r.id_masked,
    hasPhoto: r.has_photo === 1,
    walkIn: r.walk_in === 1,
    ticket: r.ticket,
  }));
}
