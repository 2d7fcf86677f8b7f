// Calls per minute per device for operations that set `perMinute`
// (src/shared/operations.ts), the public ones above all: a token bucket per
// device and operation, full to start, refilled evenly. Memory is bounded:
// past `maxDevices` the longest-idle buckets are forgotten first.
export interface RateLimitOptions {
  maxDevices?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxDevices: number;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions = {}) {
    this.maxDevices = opts.maxDevices ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Takes one call from the device's bucket: 0 when allowed, else the milliseconds until the next one is. */
  take(key: string, perMinute: number): number {
    const now = this.now();
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    // Re-inserted: the Map's order is then the order of last use, oldest first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxDevices) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }
}
