// What a reader reported during a test: its cards and its statuses, in order.
import type { IdCard } from '../../../src/hardware/idcard/card.js';
import type { CardReader, ReaderStatus } from '../../../src/hardware/reader.js';

export function watch(r: CardReader) {
  const cards: IdCard[] = [];
  const statuses: ReaderStatus[] = [];
  r.onCard((c) => cards.push(c));
  r.onStatus((s) => statuses.push(s));
  return { cards, statuses };
}
