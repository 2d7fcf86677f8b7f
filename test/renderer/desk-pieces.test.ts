// The desk's pieces with logic: what Enter in the search box does, the idle
// return to the prompt, signatures as path data in the 300x100 box.
import { describe, expect, it } from 'vitest';
import { deskActionFor, methodFor, searchAsYouType, typedByDevice } from '../../src/renderer/lib/desk-input.js';
import { IdleTimer, createIdleTimer } from '../../src/renderer/lib/idle-timer.js';
import { strokesToSvgPath } from '../../src/renderer/lib/signature.js';
import { checkDigit } from '../../src/shared/id-number.js';

const first17 = '33010619990131002';
const validId = first17 + checkDigit(first17)!;

describe('the search box on Enter', () => {
  it('checks in a student ID directly', () => {
    expect(deskActionFor('0219000001')).toEqual({ kind: 'check-in-student', studentId: '0219000001' });
  });
  it('looks up a typed or wedge-sent ID number, keeping the check-digit verdict', () => {
    expect(deskActionFor(`${validId}\r\n`)).toEqual({ kind: 'find-by-id-number', idNumber: validId, valid: true });
    const wrong = first17 + (validId.endsWith('0') ? '1' : '0');
    expect(deskActionFor(wrong)).toMatchObject({ kind: 'find-by-id-number', valid: false });
  });
  it('searches a name, keeps a scanned code, ignores blanks', () => {
    expect(deskActionFor(' 张三 ')).toEqual({ kind: 'find-by-name', name: '张三' });
    const code = 'https://xz.chsi.com.cn/collect?code=8A7F2C19D04E';
    expect(deskActionFor(code)).toEqual({ kind: 'keep-scan', code });
    expect(deskActionFor('  ')).toEqual({ kind: 'none' });
  });
  it('searches as you type names and student IDs, not ID numbers or scans', () => {
    expect(searchAsYouType('张')).toBe('张');
    expect(searchAsYouType('0219')).toBe('0219');
    expect(searchAsYouType(validId)).toBeNull();
    expect(searchAsYouType('{"code":"x"}')).toBeNull();
  });
  it('records how the student was found', () => {
    const byId = deskActionFor(validId);
    expect(typedByDevice(18, 150)).toBe(true);
    expect(typedByDevice(18, 4000)).toBe(false);
    expect(methodFor(byId, true, null)).toBe('wedge');
    expect(methodFor(byId, false, null)).toBe('manual');
    expect(methodFor(deskActionFor('0219000001'), false, 'CODE')).toBe('scan');
  });
});

describe('idle return to the prompt', () => {
  /** Timers driven by hand: no waiting on the clock. */
  function manualTimers() {
    const timers = new Map<number, { fn: () => void; ms: number }>();
    let id = 0;
    return {
      setTimer: (fn: () => void, ms: number) => {
        timers.set(++id, { fn, ms });
        return id;
      },
      clearTimer: (h: unknown) => void timers.delete(h as number),
      fire: () => {
        const all = [...timers.entries()];
        timers.clear();
        for (const [, t] of all) t.fn();
      },
      delays: () => [...timers.values()].map((t) => t.ms),
    };
  }

  it('fires once after the idle seconds, restarting on every poke', () => {
    const t = manualTimers();
    let idle = 0;
    const timer = createIdleTimer({ seconds: 20, onIdle: () => idle++, setTimer: t.setTimer, clearTimer: t.clearTimer });
    expect(timer.armed).toBe(false);
    timer.poke();
    timer.poke();
    expect(t.delays()).toEqual([20_000]);
    timer.setSeconds(5);
    expect(t.delays()).toEqual([5_000]);
    t.fire();
    expect(idle).toBe(1);
    expect(timer.armed).toBe(false);
    timer.poke();
    timer.stop();
    t.fire();
    expect(idle).toBe(1);
  });

  it('as a class reports whether it is counting', () => {
    const timer = new IdleTimer(() => undefined, 30);
    expect(timer.running).toBe(false);
    timer.poke();
    expect(timer.running).toBe(true);
    timer.stop();
    expect(timer.running).toBe(false);
  });
});

describe('signature path data', () => {
  it('scales strokes from the pad into the 300x100 box', () => {
    const path = strokesToSvgPath(
      [
        [
          { x: 0, y: 0 },
          { x: 600, y: 200 },
        ],
        [{ x: 300, y: 100 }],
      ],
      600,
      200,
    );
    expect(path).toBe('M 0 0 L 300 100 M 150 50 L 150 50');
  });
  it('keeps the aspect and clamps to the box', () => {
    expect(strokesToSvgPath([[{ x: 10, y: 10 }, { x: 900, y: -5 }]], 900, 150)).toBe('M 3.3 3.3 L 300 0');
    expect(strokesToSvgPath([], 600, 200)).toBe('');
    expect(strokesToSvgPath([[{ x: 1, y: 1 }]], 0, 200)).toBe('');
  });
});
