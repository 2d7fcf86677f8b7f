// The `demo` reader: presents the demo students' cards one after another, so
// the whole kiosk can be tried with no hardware (`npm start`).
import type { CardReader, ReaderStatus } from '../reader.js';
import type { IdCard } from './card.js';
import { DEMO_STUDENTS, demoCard } from './demo-cards.js';

export function demoReader(opts: { intervalMs?: number; cards?: IdCard[] } = {}): CardReader {
  const cards = opts.cards ?? DEMO_STUDENTS.map(demoCard);
  const cardListeners = new Set<(card: IdCard, readAt: Date) => void>();
  const status: ReaderStatus = { state: 'ok', message: '演示读卡器：每隔几秒模拟一次刷卡', target: 'demo' };
  let next = 0;
  const timer = setInterval(() => {
    const card = cards[next % cards.length];
    next++;
    if (card) for (const l of cardListeners) l(card, new Date());
  }, opts.intervalMs ?? 6000);
  timer.unref();
  return {
    onCard(listener) {
      cardListeners.add(listener);
      return () => cardListeners.delete(listener);
    },
    onStatus: () => () => {},
    status: () => status,
    close: async () => clearInterval(timer),
  };
}
