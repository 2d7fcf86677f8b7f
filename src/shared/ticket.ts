// Ticket numbers are four digits then the station letter: 0001A … 9999A.
import { badInput } from './errors.js';

export type StationCode = string & { readonly __brand: 'StationCode' };
export type TicketNo = string & { readonly __brand: 'TicketNo' };

export const MAX_TICKETS_PER_STATION = 9999;
const STATION_RE = /^[A-Z]$/;
const TICKET_RE = /^(\d{4})([A-Z])$/;

export function parseStationCode(input: string): StationCode {
  if (!STATION_RE.test(input)) throw badInput('bad-station', `station code must be one capital letter A-Z, found "${input}"`);
  return input as StationCode;
}

export function isTicketNo(input: string): input is TicketNo {
  const m = TICKET_RE.exec(input);
  return m !== null && m[1] !== '0000';
}

export function parseTicketNo(input: string): TicketNo {
  const t = input.trim().toUpperCase();
  if (!isTicketNo(t)) throw badInput('bad-ticket', `ticket number must be four digits then a station letter, like 0001A; found "${input}"`);
  return t;
}

export function formatTicketNo(seq: number, station: StationCode): TicketNo {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_TICKETS_PER_STATION) {
    throw new RangeError(`ticket sequence ${seq} is outside 1..${MAX_TICKETS_PER_STATION}`);
  }
  return `${String(seq).padStart(4, '0')}${station}` as TicketNo;
}

export function ticketParts(t: TicketNo): { seq: number; station: StationCode } {
  return { seq: Number(t.slice(0, 4)), station: t.slice(4) as StationCode };
}

/** The sample ticket printed by `printer test`; never issued to a student. */
export const SAMPLE_TICKET = '0000A';
