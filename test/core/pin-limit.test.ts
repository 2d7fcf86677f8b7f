// The wrong-PIN limit every transport shares (src/core/pin-limit.ts), on a fake clock.
import { describe, expect, it } from 'vitest';
import { PinLimit } from '../../src/core/pin-limit.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

function limitAt(start = 0, opts: ConstructorParameters<typeof PinLimit>[0] = {}) {
  const clock = { t: start };
  return { clock, limit: new PinLimit({ ...opts, now: () => clock.t }) };
}

describe('PinLimit', () => {
  it('five wrong PINs in a row lock the device for five minutes; others are not affected', () => {
    const { clock, limit } = limitAt();
    for (let i = 0; i < 4; i++) limit.wrong('tablet');
    expect(limit.retryAfterMs('tablet')).toBe(0);
    limit.wrong('tablet');
    expect(limit.retryAfterMs('tablet')).toBe(5 * MIN);
    expect(limit.retryAfterMs('desk')).toBe(0);
    clock.t += 5 * MIN;
    expect(limit.retryAfterMs('tablet')).toBe(0);
  });

  it('each lockout doubles: 5, 10, 20 minutes; a right PIN starts over', () => {
    const { clock, limit } = limitAt();
    const five = () => {
      for (let i = 0; i < 5; i++) limit.wrong('a');
      const wait = limit.retryAfterMs('a');
      clock.t += wait + HOUR; // wait it out, and let the hourly cap forget
      return wait / MIN;
    };
    expect([five(), five(), five()]).toEqual([5, 10, 20]);
    limit.right('a');
    expect(five()).toBe(5);
  });

  it('a right PIN clears the row but not the hour: paced tries get at most ten wrong PINs an hour', () => {
    const { clock, limit } = limitAt();
    let tries = 0;
    // An attacker who knows one PIN of another device cannot reset; here: four wrong a minute, forever.
    for (let minute = 0; minute < 60; minute++) {
      for (let i = 0; i < 4; i++) {
        if (limit.retryAfterMs('lan') === 0) {
          limit.wrong('lan');
          tries++;
        }
      }
      clock.t += MIN;
    }
    expect(tries).toBe(10);
    // Spread over a whole day it stays at ten an hour at most.
    for (let minute = 0; minute < 23 * 60; minute++) {
      if (limit.retryAfterMs('lan') === 0) {
        limit.wrong('lan');
        tries++;
      }
      clock.t += MIN;
    }
    expect(tries).toBeLessThanOrEqual(24 * 10);
  });

  it('remembers a bounded number of devices, forgetting the harmless ones first', () => {
    const { limit } = limitAt(0, { maxDevices: 50 });
    for (let i = 0; i < 5; i++) limit.wrong('locked');
    for (let i = 0; i < 500; i++) limit.wrong(`probe-${i}`);
    expect(limit.size).toBeLessThanOrEqual(50);
  });
});
