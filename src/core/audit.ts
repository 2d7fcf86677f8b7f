// The audit log: who did what to which ticket, when. Never holds an ID number.
import type { Db } from '../db/connection.js';
import { prep } from './sql.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  eventId?: number | null;
  ticket?: string | null;
  studentId?: string | null;
  detail?: Record<string, unknown> | null;
}

export function audit(db: Db, e: AuditEntry): void {
  prep(db, 'INSERT INTO audit(at, actor, action, event_id, ticket, student_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    e.at.toISOString(),
    e.actor,
    e.action,
    e.eventId ?? null,
    e.ticket ?? null,
    e.studentId ?? null,
    e.detail ? JSON.stringify(e.detail) : null,
  );
}
