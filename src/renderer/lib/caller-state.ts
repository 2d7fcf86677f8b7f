// What the photographer's screen offers at each moment. Strict order: with
// nobody in front of the camera the one step is 下一位; while someone is being
// photographed it is 拍摄完成 (or 过号 / 重呼), and 下一位 is off (core would
// refuse it). Pure, so the rules are tested without a browser.
import type { QueueView } from '../../shared/types.js';

export type CallerRow = QueueView['tickets'][number];
export type CallerAction = 'next' | 'repeat' | 'noShow' | 'photographed';

export interface CallerState {
  current: CallerRow | null;
  waiting: CallerRow[];
  noShows: CallerRow[];
  /** The step that fits now, shown as the one primary button; null when there is nothing to do. */
  primary: CallerAction | null;
  enabled: Record<CallerAction, boolean>;
}

/** The order core calls a station's waiting tickets (src/core/tickets.ts CALL_ORDER): retakes as marked, then by number. */
export function inCallOrder(a: CallerRow, b: CallerRow): number {
  const ra = a.requeuedAt ?? null;
  const rb = b.requeuedAt ?? null;
  if (ra !== rb) {
    if (ra === null) return 1;
    if (rb === null) return -1;
    return ra < rb ? -1 : 1;
  }
  return a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0;
}

export function callerState(tickets: readonly CallerRow[], busy = false): CallerState {
  const current = tickets.find((r) => r.status === 'called') ?? null;
  const waiting = tickets.filter((r) => r.status === 'waiting').sort(inCallOrder);
  const noShows = tickets.filter((r) => r.status === 'no-show');
  const someone = current !== null;
  const primary: CallerAction | null = someone ? 'photographed' : waiting.length > 0 ? 'next' : null;
  return {
    current,
    waiting,
    noShows,
    primary,
    enabled: {
      next: !busy && !someone && waiting.length > 0,
      repeat: !busy && someone,
      noShow: !busy && someone,
      photographed: !busy && someone,
    },
  };
}
