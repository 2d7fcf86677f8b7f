// The admin PIN is short (4+ digits); every transport (HTTP from the LAN, IPC
// in the desktop app, the kiosk-exit prompt) counts wrong PINs here, per device.
// Five wrong in a row lock the device out, five minutes the first time and
// twice as long each time after; and however the tries are paced, no device
// gets more than ten wrong PINs an hour. Memory is bounded: devices with
// nothing against them are forgotten first.
export interface PinLimitOptions {
  /** Wrong PINs in a row before a lockout. */
  inARow?: number;
  /** The first lockout; each later one doubles. */
  lockMs?: number;
  /** Wrong PINs allowed in any hour. */
  perHour?: number;
  /** Devices remembered at most. */
  maxDevices?: number;
  now?: () => number;
}

interface Record {
  inARow: number;
  /** Times of the wrong PINs of the last hour. */
  wrong: number[];
  lockouts: number;
  lockedUntil: number;
}

const HOUR_MS = 60 * 60_000;

export class PinLimit {
  private readonly devices = new Map<string, Record>();
  private readonly inARow: number;
  private readonly lockMs: number;
  private readonly perHour: number;
  private readonly maxDevices: number;
  private readonly now: () => number;

  constructor(opts: PinLimitOptions = {}) {
    this.inARow = opts.inARow ?? 5;
    this.lockMs = opts.lockMs ?? 5 * 60_000;
    this.perHour = opts.perHour ?? 10;
    this.maxDevices = opts.maxDevices ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds until `device` may try a PIN again, or 0. */
  retryAfterMs(device: string): number {
    const r = this.devices.get(device);
    return r === undefined ? 0 : Math.max(0, r.lockedUntil - this.now());
  }

  wrong(device: string): void {
    const t = this.now();
    const r = this.devices.get(device) ?? { inARow: 0, wrong: [], lockouts: 0, lockedUntil: 0 };
    r.wrong = r.wrong.filter((at) => t - at < HOUR_MS);
    r.wrong.push(t);
    r.inARow++;
    if (r.inARow >= this.inARow) {
      r.lockedUntil = Math.max(r.lockedUntil, t + this.lockMs * 2 ** r.lockouts);
      r.lockouts++;
      r.inARow = 0;
    }
    // The hourly cap: the next try waits until the oldest wrong PIN of the hour has aged out.
    if (r.wrong.length >= this.perHour) r.lockedUntil = Math.max(r.lockedUntil, (r.wrong[r.wrong.length - this.perHour] ?? t) + HOUR_MS);
    // Most recent last: the map's order is the order to forget in.
    this.devices.delete(device);
    this.devices.set(device, r);
    this.forget(t);
  }

  right(device: string): void {
    const r = this.devices.get(device);
    if (r === undefined) return;
    r.inARow = 0;
    r.lockouts = 0;
  }

  /** How many devices are remembered (for tests of the bound). */
  get size(): number {
    return this.devices.size;
  }

  private forget(t: number): void {
    if (this.devices.size <= this.maxDevices) return;
    for (const [device, r] of this.devices) {
      if (r.lockedUntil <= t && r.wrong.every((at) => t - at >= HOUR_MS)) this.devices.delete(device);
    }
    // Still too many: the least recently wrong go, locked or not.
    for (const device of this.devices.keys()) {
      if (this.devices.size <= this.maxDevices) break;
      this.devices.delete(device);
    }
  }
}
