// What the `idcard` and `reader` commands need from the hardware layer (the CLI talks to core only).
import { readFileSync } from 'node:fs';
import type { IdCard } from '../hardware/idcard/card.js';
import { decodeReplyFrame, frameBytesFromFile } from '../hardware/idcard/decode-reply.js';

/** INTERFACES.md §1.1: the JSON of one card, keys in the documented order. */
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

export function decodeIdCardFile(path: string): Record<string, unknown> {
  return cardJson(decodeReplyFrame(frameBytesFromFile(readFileSync(path))));
}
