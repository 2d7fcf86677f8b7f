// The admin PIN is short (4+ digits); over HTTP anyone on the LAN could try
// them all. After a few wrong PINs from one address, refuse PIN attempts from
// it for a while.
export interface PinThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
  now?: () => number;
}

export class PinThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(opts: PinThrottleOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.windowMs = opts.windowMs ?? 60_000;
    this.lockMs = opts.lockMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds until `who` may try again, or 0. */
  retryAfter(who: string): number {
    const until = this.lockedUntil.get(who);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) {
      this.lockedUntil.delete(who);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  fail(who: string): void {
    const t = this.now();
    const recent = (this.failures.get(who) ?? []).filter((at) => t - at < this.windowMs);
    recent.push(t);
    if (recent.length >= this.maxFailures) {
      this.lockedUntil.set(who, t + this.lockMs);
      this.failures.delete(who);
    } else {
      this.failures.set(who, recent);
    }
    // Bounded memory: forget the oldest addresses.
    if (this.failures.size > 1000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(who: string): void {
    this.failures.delete(who);
  }
}
