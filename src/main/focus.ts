// Who has the keyboard. A keyboard-wedge reader or a scanner types into
// whatever window is focused, so the desk must be the one: the other windows
// open without taking focus (the display cannot take it at all), the desk is
// focused last, a card read by a serial/HID reader brings the desk back, and a
// typed burst landing in a caller window is handed to the desk. Pure: main.ts
// applies the decisions to real windows (test/main/focus.test.ts).
import type { WindowRole } from './windows.js';

export type WindowKind = WindowRole['kind'];
/** What has focus now: one of our windows, the shell's PIN prompt, or something else (null). */
export type Focused = WindowKind | 'prompt' | null;

export interface ShowPolicy {
  /** May the window ever take keyboard focus? (The display takes no input.) */
  focusable: boolean;
  /** Focus it when it is shown (`show()`), or show it inactive (`showInactive()`). */
  activate: boolean;
}

export function showPolicy(kind: WindowKind): ShowPolicy {
  switch (kind) {
    case 'desk':
    case 'admin': // opened on purpose from the menu
      return { focusable: true, activate: true };
    case 'caller': // the photographer clicks it when needed
      return { focusable: true, activate: false };
    case 'display':
      return { focusable: false, activate: false };
  }
}

/**
 * A card was read by a serial/HID reader: bring the desk forward when the
 * focus sits on a caller or the display (the volunteer must see the result),
 * but not when someone works in the admin window or the PIN prompt, nor over
 * another program.
 */
export function deskTakesFocusOnCard(focused: Focused): boolean {
  return focused === 'caller' || focused === 'display';
}

/** What main does with one key event that reached a caller window. */
export interface KeyDecision {
  /** Swallow the key in the caller window. */
  prevent: boolean;
  /** Focus the desk now (a burst started). */
  focusDesk: boolean;
  /** Keys to replay on the desk, in order (`Enter` or one character). */
  forward: string[];
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
}

const PASS: KeyDecision = { prevent: false, focusDesk: false, forward: [] };

/**
 * Tells a reader or scanner typing into a caller window from the photographer:
 * a device types each key within `gapMs` of the last (the desk uses the same
 * 35 ms, src/renderer/lib/desk-input.ts); a person does not. From the second
 * fast key on, keys are swallowed and replayed on the desk, the first one too
 * (it reached the caller as well: a digit, which the caller ignores). The
 * closing Enter goes to the desk, so it cannot mark a photo as taken.
 */
export class WedgeRedirect {
  private lastAt: number | null = null;
  private first: string | null = null;
  private bursting = false;

  constructor(private readonly gapMs = 35) {}

  onKey(input: KeyInput, at: number): KeyDecision {
    if (input.type !== 'keyDown') return PASS;
    const typed = input.key.length === 1 && !input.control && !input.alt && !input.meta;
    const enter = input.key === 'Enter' && !input.control && !input.alt && !input.meta;
    const fast = this.lastAt !== null && at - this.lastAt <= this.gapMs;
    if (enter) {
      const wasBurst = this.bursting && fast;
      this.reset();
      return wasBurst ? { prevent: true, focusDesk: false, forward: ['Enter'] } : PASS;
    }
    if (!typed) {
      this.reset();
      return PASS;
    }
    if (fast && this.bursting) {
      this.lastAt = at;
      return { prevent: true, focusDesk: false, forward: [input.key] };
    }
    if (fast && this.first !== null) {
      const forward = [this.first, input.key];
      this.bursting = true;
      this.first = null;
      this.lastAt = at;
      return { prevent: true, focusDesk: true, forward };
    }
    this.bursting = false;
    this.first = input.key;
    this.lastAt = at;
    return PASS;
  }

  private reset(): void {
    this.lastAt = null;
    this.first = null;
    this.bursting = false;
  }
}

/** Electron input events that type `key` into the focused page (webContents.sendInputEvent). */
export function inputEventsFor(key: string): { type: 'keyDown' | 'char' | 'keyUp'; keyCode: string }[] {
  if (key === 'Enter') return [{ type: 'keyDown', keyCode: 'Enter' }, { type: 'char', keyCode: '\r' }, { type: 'keyUp', keyCode: 'Enter' }];
  return [{ type: 'keyDown', keyCode: key }, { type: 'char', keyCode: key }, { type: 'keyUp', keyCode: key }];
}
