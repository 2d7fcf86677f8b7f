// Who has the keyboard (src/main/focus.ts): the decisions main applies to real
// windows, fed with the key events Electron's before-input-event would give.
import { describe, expect, it } from 'vitest';
import { WedgeRedirect, deskTakesFocusOnCard, inputEventsFor, showPolicy, type KeyInput } from '../../src/main/focus.js';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, alt: false, meta: false, ...extra });

/** Feeds `text` (then Enter) as a device would: one key every `gapMs`. Returns what reached the caller and what went to the desk. */
function type(r: WedgeRedirect, text: string, gapMs: number, start = 1000) {
  const toCaller: string[] = [];
  const toDesk: string[] = [];
  let focusDesk = 0;
  [...text, 'Enter'].forEach((k, i) => {
    const d = r.onKey(key(k), start + i * gapMs);
    if (!d.prevent) toCaller.push(k);
    toDesk.push(...d.forward);
    if (d.focusDesk) focusDesk++;
  });
  return { toCaller, toDesk, focusDesk };
}

describe('which window takes the keyboard', () => {
  it('the desk and the admin page when shown; callers shown inactive; the display never', () => {
    expect(showPolicy('desk')).toEqual({ focusable: true, activate: true });
    expect(showPolicy('admin')).toEqual({ focusable: true, activate: true });
    expect(showPolicy('caller')).toEqual({ focusable: true, activate: false });
    expect(showPolicy('display')).toEqual({ focusable: false, activate: false });
  });

  it('a card read brings the desk forward over a caller or the display, not over admin work or another program', () => {
    expect(deskTakesFocusOnCard('caller')).toBe(true);
    expect(deskTakesFocusOnCard('display')).toBe(true);
    expect(deskTakesFocusOnCard('desk')).toBe(false);
    expect(deskTakesFocusOnCard('admin')).toBe(false);
    expect(deskTakesFocusOnCard('prompt')).toBe(false);
    expect(deskTakesFocusOnCard(null)).toBe(false);
  });
});

describe('a keyboard-wedge burst typed into a caller window', () => {
  const ID = '33010619980101002X';

  it('goes to the desk whole, Enter included, and the desk is focused once', () => {
    const { toCaller, toDesk, focusDesk } = type(new WedgeRedirect(), ID, 8);
    // Only the first digit reached the caller (it ignores digits); its Enter (= photographed) did not.
    expect(toCaller).toEqual(['3']);
    expect(toDesk).toEqual([...ID, 'Enter']);
    expect(focusDesk).toBe(1);
  });

  it('a photographer pressing keys leaves them all in the caller, Enter included', () => {
    const r = new WedgeRedirect();
    expect(type(r, 'n', 400)).toEqual({ toCaller: ['n', 'Enter'], toDesk: [], focusDesk: 0 });
    const keys = ['n', 'r', 's', 'Enter'].map((k, i) => r.onKey(key(k), 10_000 + i * 150));
    expect(keys.every((d) => !d.prevent && d.forward.length === 0)).toBe(true);
  });

  it('two bursts in a row are two redirects; key-ups and shortcuts pass untouched', () => {
    const r = new WedgeRedirect();
    expect(type(r, '2019001', 5, 0).toDesk).toEqual([...'2019001', 'Enter']);
    expect(type(r, '2019002', 5, 5000).toDesk).toEqual([...'2019002', 'Enter']);
    expect(r.onKey({ ...key('3'), type: 'keyUp' }, 9000)).toMatchObject({ prevent: false });
    r.onKey(key('3'), 9100);
    expect(r.onKey(key('q', { control: true }), 9105)).toMatchObject({ prevent: false, forward: [] });
  });

  it('the desk receives each key as key down, character, key up', () => {
    expect(inputEventsFor('X')).toEqual([
      { type: 'keyDown', keyCode: 'X' },
      { type: 'char', keyCode: 'X' },
      { type: 'keyUp', keyCode: 'X' },
    ]);
    expect(inputEventsFor('Enter').map((e) => e.keyCode)).toEqual(['Enter', '\r', 'Enter']);
  });
});
