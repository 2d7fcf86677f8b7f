// Is the kiosk server reachable? Every screen shows the offline banner from this.
// A probe (the `health` operation) runs every few seconds; the server counts as
// offline after two failed probes in a row (a probe that does not answer within
// its time limit is a failure), and is back at the first answer. The live socket
// dropping makes it probe at once, so a stopped server shows within a second or
// two. Timers are the page's own; tests drive them with fake timers.

export type Link = 'online' | 'offline';

export interface ConnectionOptions {
  /** Resolves when the server answered; rejects when it did not. */
  probe: () => Promise<unknown>;
  /** Between probes while online. */
  everyMs?: number;
  /** Between probes after a failure (and while offline). */
  retryMs?: number;
  /** A probe not answered within this counts as failed. */
  timeoutMs?: number;
  failuresBeforeOffline?: number;
}

export interface ConnectionState {
  link: Link;
  /** The live socket is open (always true where there is none to lose, in the desktop app). */
  live: boolean;
}

export interface ConnectionMonitor {
  state(): ConnectionState;
  subscribe(listener: () => void): () => void;
  /** The live socket opened or closed. */
  setLive(open: boolean): void;
  /** Something failed to reach the server: probe now instead of waiting. */
  suspect(): void;
  start(): void;
  stop(): void;
}

export function createConnectionMonitor(opts: ConnectionOptions, initialLive = false): ConnectionMonitor {
  const everyMs = opts.everyMs ?? 3000;
  const retryMs = opts.retryMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 2500;
  const needed = opts.failuresBeforeOffline ?? 2;
  let state: ConnectionState = { link: 'online', live: initialLive };
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let probing = false;
  const listeners = new Set<() => void>();

  const set = (next: Partial<ConnectionState>) => {
    const merged = { ...state, ...next };
    if (merged.link === state.link && merged.live === state.live) return;
    state = merged;
    for (const l of [...listeners]) l();
  };
  const schedule = (ms: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = running ? setTimeout(() => void probeNow(), ms) : null;
  };
  const probeNow = async () => {
    timer = null;
    if (!running || probing) return;
    probing = true;
    let ok: boolean;
    let limit: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        opts.probe(),
        new Promise((_, reject) => {
          limit = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
        }),
      ]);
      ok = true;
    } catch {
      ok = false;
    } finally {
      clearTimeout(limit);
      probing = false;
    }
    if (!running) return;
    if (ok) {
      failures = 0;
      set({ link: 'online' });
      schedule(everyMs);
    } else {
      failures++;
      if (failures >= needed) set({ link: 'offline' });
      schedule(retryMs);
    }
  };

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setLive(open) {
      set({ live: open });
      if (!open) this.suspect();
    },
    suspect() {
      if (running && !probing) schedule(0);
    },
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
