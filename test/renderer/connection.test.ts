// The offline banner's source of truth (src/renderer/lib/connection.ts), driven by
// fake timers and a probe the test switches between answering, failing and hanging.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionMonitor } from '../../src/renderer/lib/connection.js';

type Server = 'up' | 'down' | 'hung';

function setUp(initialLive = false) {
  let server: Server = 'up';
  let probes = 0;
  const probe = () => {
    probes++;
    if (server === 'up') return Promise.resolve({ ok: true });
    if (server === 'down') return Promise.reject(new Error('connection refused'));
    return new Promise(() => undefined);
  };
  const monitor = createConnectionMonitor({ probe, everyMs: 3000, retryMs: 1000, timeoutMs: 2500, failuresBeforeOffline: 2 }, initialLive);
  const changes: string[] = [];
  monitor.subscribe(() => changes.push(`${monitor.state().link}${monitor.state().live ? '+live' : ''}`));
  return {
    monitor,
    changes,
    set: (s: Server) => (server = s),
    probes: () => probes,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connection monitor', () => {
  it('goes offline after two failed probes in a row and back online at the first answer', async () => {
    const c = setUp();
    c.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.monitor.state().link).toBe('online');
    c.set('down');
    await vi.advanceTimersByTimeAsync(3000); // first failure: one may be a hiccup
    expect(c.monitor.state().link).toBe('online');
    await vi.advanceTimersByTimeAsync(1000); // second, a second later
    expect(c.monitor.state().link).toBe('offline');
    // Keeps retrying every second while offline.
    const before = c.probes();
    await vi.advanceTimersByTimeAsync(5000);
    expect(c.probes() - before).toBe(5);
    c.set('up');
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.monitor.state().link).toBe('online');
    expect(c.changes).toEqual(['offline', 'online']);
    c.monitor.stop();
  });

  it('counts a probe that does not answer in time as a failure', async () => {
    const c = setUp();
    c.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    c.set('hung');
    await vi.advanceTimersByTimeAsync(3000 + 2500 + 1000 + 2500);
    expect(c.monitor.state().link).toBe('offline');
    c.monitor.stop();
  });

  it('probes at once when the live socket drops, so a stopped server shows within about a second', async () => {
    const c = setUp(true);
    c.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    c.set('down');
    c.monitor.setLive(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.monitor.state()).toEqual({ link: 'offline', live: false });
    c.set('up');
    c.monitor.setLive(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.monitor.state()).toEqual({ link: 'online', live: true });
    c.monitor.stop();
  });

  it('stops probing when stopped', async () => {
    const c = setUp();
    c.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    c.monitor.stop();
    const before = c.probes();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.probes()).toBe(before);
  });
});
