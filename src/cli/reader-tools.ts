// What the `idcard` and `reader` commands need from the hardware layer: the JSON of a card and the reader tools.
import { readFileSync } from 'node:fs';
import type { IdCard } from '../hardware/idcard/card.js';
import { badInput } from '../shared/errors.js';
import { readCapture } from '../hardware/idcard/capture.js';
import { DEMO_STUDENTS, demoCard } from '../hardware/idcard/demo-cards.js';
import { cycleTimeline, startEmulatedReader } from '../hardware/idcard/emulator/pty-reader.js';
import { openReader } from '../hardware/idcard/open-reader.js';
import type { CardReader } from '../hardware/reader.js';

/** docs/interfaces.md §1.1: the JSON of one card, keys in the documented order. */
export function cardJson(card: IdCard): Record<string, unknown> {
  const out: Record<string, unknown> = {
    cardType: card.cardType,
    name: card.name,
    gender: card.gender,
  };
  if (card.cardType === 'resident') out.nation = card.nation ?? null;
  Object.assign(out, {
    birthDate: card.birthDate,
    ...(card.address !== undefined ? { address: card.address } : {}),
    idNumber: card.idNumber,
    issuer: card.issuer,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    idNumberValid: card.idNumberValid,
  });
  if (card.cardType === 'gat') Object.assign(out, { passNumber: card.passNumber, issueCount: card.issueCount });
  if (card.cardType === 'foreign') Object.assign(out, { chineseName: card.chineseName, nationality: card.nationality });
  return out;
}

/**
 * docs/interfaces.md §1.1 defines the output for blank, J and I cards and exit 2 for any
 * other type byte; the kiosk's reader also takes the 2023 card (Y), this command does not.
 * The file may hold what vendor tools and logs emit (docs/reader-protocol.md §2); `note` says what was recognised.
 */
export function decodeIdCardFile(path: string): { card: Record<string, unknown>; note: string | null } {
  const { card, note } = readCapture(readFileSync(path));
  if (card.cardType === 'foreign' && card.permitVersion === '2023') {
    throw badInput(
      'unsupported-card-type',
      'unsupported card type "Y" (2023 foreigner permanent residence card) at byte 248; idcard decode prints resident (blank), J and I cards',
    );
  }
  return { card: cardJson(card), note };
}

/** `reader watch`: polls the reader named by any target (docs/reader-protocol.md §6); the caller prints what it reports. */
export function watchReader(target: string, onCard: (card: Record<string, unknown>) => void, onStatus: (message: string, state: string) => void): CardReader {
  const reader = openReader(target);
  reader.onCard((card, readAt) => onCard({ ...cardJson(card), readAt: readAt.toISOString() }));
  reader.onStatus((s) => onStatus(s.message, s.state));
  return reader;
}

/** `reader list`: the same discovery the admin page offers (src/hardware/idcard/discover.ts). */
export { findSdtapiLibraries, listReaders, type ReaderCandidates } from '../hardware/idcard/discover.js';

/** `reader emulate`: a SAM reader on a pty that presents the demo students' cards in turn, forever. */
export async function startReaderEmulator(holdMs = 2500, gapMs = 2500): Promise<{ path: string; target: string; close(): Promise<void> }> {
  const cards = DEMO_STUDENTS.map(demoCard);
  const emu = await startEmulatedReader(cards, { timeline: cycleTimeline(cards.length, holdMs, gapMs), loop: true });
  return { path: emu.path, target: emu.target, close: () => emu.close() };
}
