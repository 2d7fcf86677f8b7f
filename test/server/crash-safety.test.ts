// Crash safety (issue 6): check-ins in a loop against the real server, kill -9
// at random moments, restart on the same database. Every acknowledged (201)
// ticket must survive with its student; no number twice; numbering gapless.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, makeStudents, setUpDay, startServe, type ServeProcess } from './helpers.js';

const ROUNDS = 20;
const WORKERS = 4;

interface Ack {
  ticket: string;
  station: string;
  studentId: string;
  round: number;
}

describe('serve survives kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-crash-'));
  const dbFile = join(dir, 'day.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged check-in across ${ROUNDS} kills`, async () => {
    const students = makeStudents(6000);
    const acked: Ack[] = [];
    const unacknowledged = new Set<string>();
    let next = 0;

    let server: ServeProcess = await startServe(['--db', dbFile, '--port', '0']);
    await setUpDay(server.url, students);

    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) server = await startServe(['--db', dbFile, '--port', '0']);
      let firstAck: () => void = () => {};
      const gotFirstAck = new Promise<void>((r) => (firstAck = r));
      let killed = false;

      const worker = async () => {
        while (!killed && next < students.length) {
          const student = students[next++]!;
          try {
            const res = await api<{ ticket: string; station: string; studentId: string }>(server.url, 'POST', '/api/checkins', {
              body: { studentId: student.studentId },
            });
            expect(res.status, JSON.stringify(res.body)).toBe(201);
            expect(res.body.studentId).toBe(student.studentId);
            acked.push({ ticket: res.body.ticket, station: res.body.station, studentId: student.studentId, round });
            firstAck();
          } catch (e) {
            if (!killed) throw e;
            // Sent but never answered: it may or may not have been recorded.
            unacknowledged.add(student.studentId);
            return;
          }
        }
      };
      const workers = Array.from({ length: WORKERS }, worker);
      await gotFirstAck;
      // A random moment while check-ins are in flight.
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      killed = true;
      server.child.kill('SIGKILL');
      const { signal } = await server.exited;
      expect(signal).toBe('SIGKILL');
      await Promise.all(workers);
    }

    // Restart once more and read back what survived.
    server = await startServe(['--db', dbFile, '--port', '0']);
    try {
      const byStudent = new Map<string, string>();
      const allTickets: string[] = [];
      for (const station of ['A', 'B']) {
        const q = await api<{ station: string; tickets: { ticket: string; studentId: string; status: string }[] }>(
          server.url,
          'GET',
          `/api/queue?station=${station}`,
        );
        expect(q.status).toBe(200);
        // Gapless, in order, from 0001: ticket i is number i.
        q.body.tickets.forEach((t, i) => expect(t.ticket).toBe(`${String(i + 1).padStart(4, '0')}${station}`));
        for (const t of q.body.tickets) {
          expect(byStudent.has(t.studentId), `student ${t.studentId} holds two tickets`).toBe(false);
          byStudent.set(t.studentId, t.ticket);
          allTickets.push(t.ticket);
        }
      }
      expect(new Set(allTickets).size).toBe(allTickets.length);

      const rounds = new Set(acked.map((a) => a.round));
      expect(rounds.size).toBe(ROUNDS);
      for (const a of acked) expect(byStudent.get(a.studentId), `acknowledged ${a.ticket} (round ${a.round}) lost`).toBe(a.ticket);
      // Anything beyond the acknowledged ones must be a check-in that was in flight at a kill.
      for (const [studentId] of byStudent) {
        if (!acked.some((a) => a.studentId === studentId)) expect(unacknowledged.has(studentId)).toBe(true);
      }
      expect(allTickets.length).toBeGreaterThanOrEqual(acked.length);
      // The kills did land while check-ins were in flight.
      expect(unacknowledged.size).toBeGreaterThan(0);

      // Numbering continues after the last crash.
      const after = await api<{ ticket: string; station: string }>(server.url, 'POST', '/api/checkins', {
        body: { studentId: students[next]!.studentId },
      });
      expect(after.status).toBe(201);
      const count = allTickets.filter((t) => t.endsWith(after.body.station)).length;
      expect(after.body.ticket).toBe(`${String(count + 1).padStart(4, '0')}${after.body.station}`);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  }, 120_000);
});
