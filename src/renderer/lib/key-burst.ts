// The caller page listens to one keyboard for two things: the photographer's
// one-key shortcuts (N, R, S, space, Enter) and a keyboard-wedge reader or
// scanner at the camera typing a whole line (a student ID, a card) ending with
// Enter or Tab. Keys are collected; a lone shortcut key runs once no other key
// follows within LONE_KEY_MS, so a line starting with S never marks a no-show.
// A line is only ever ended by Enter or Tab, never by a pause, so a stalled
// tablet cannot split a student ID in two. Pure: the page brings the clock.
import { typedByDevice } from './desk-input.js';

/** How long a lone key waits for a follower before it counts as a shortcut. */
export const LONE_KEY_MS = 80;
/** Keys this far apart belong to different lines: a stray key long ago does not prefix a card. */
export const STALE_MS = 3000;
/** A line shorter than this ended by Enter is a person's keys, not a device's line. */
const MIN_LINE = 4;
const SHORTCUT_KEYS = new Set(['n', 'N', 'r', 'R', 's', 'S', ' ']);

export type BurstStep = { kind: 'shortcut'; key: string } | { kind: 'line'; text: string; byDevice: boolean };

export class KeyBurst {
  private text = '';
  private firstAt = 0;
  private lastAt = 0;

  /** True while keys are held back: the page arms a timer and calls `flush` after LONE_KEY_MS. */
  get pending(): boolean {
    return this.text !== '';
  }

  /** One keydown (`KeyboardEvent.key`); returns what to do now. */
  key(key: string, at: number): BurstStep[] {
    if (key === 'Enter' || key === 'Tab') {
      const text = this.text;
      const span = this.lastAt - this.firstAt;
      this.text = '';
      if (text.trim().length >= MIN_LINE) return [{ kind: 'line', text: text.trim(), byDevice: typedByDevice(text.length, span) }];
      // A person's key or two, then Enter: the shortcuts, in the order pressed.
      const steps: BurstStep[] = [...text].filter((c) => SHORTCUT_KEYS.has(c)).map((c) => ({ kind: 'shortcut', key: c }));
      return key === 'Enter' ? [...steps, { kind: 'shortcut', key: 'Enter' }] : steps;
    }
    if ([...key].length !== 1) return [];
    if (this.text !== '' && at - this.lastAt > STALE_MS) this.text = '';
    if (this.text === '') this.firstAt = at;
    this.text += key;
    this.lastAt = at;
    return [];
  }

  /** The timer after the last key: a lone shortcut key runs; anything longer waits for its Enter. */
  flush(at: number): BurstStep[] {
    if (this.text.length !== 1 || at - this.lastAt < LONE_KEY_MS) return [];
    const c = this.text;
    if (!SHORTCUT_KEYS.has(c)) return [];
    this.text = '';
    return [{ kind: 'shortcut', key: c }];
  }

  /** Drops what was collected (the page lost focus, a new ticket was called). */
  clear(): void {
    this.text = '';
  }
}
