// Tells a burst typed by a device (wedge reader, scanner: a key every few ms)
// from a person, and notices a Chinese input method left on during a burst:
// the IME swallows the device's letters into a composition (compositionstart,
// keys reported as "Process") and the line arrives garbled. Pure: the caller
// feeds it DOM event times.

/** A device types a key every few ms; a person every 100 ms or more. */
export const DEVICE_GAP_MS = 35;
/** Keys closer than this belong to the same burst. */
const BURST_GAP_MS = 150;
/** Keys in quick succession before a burst counts as one. */
const BURST_KEYS = 4;

export interface BurstSummary {
  keys: number;
  /** Average ms between keys (first to last). */
  msPerKey: number;
  byDevice: boolean;
  /** An input method composed while a device was typing. */
  ime: boolean;
}

export class TypingBurst {
  private times: number[] = [];
  private composed = false;
  private imeSeen = false;

  private fast(): boolean {
    const n = this.times.length;
    if (n < BURST_KEYS) return false;
    const recent = this.times.slice(-BURST_KEYS);
    return ((recent[recent.length - 1] ?? 0) - (recent[0] ?? 0)) / (recent.length - 1) < DEVICE_GAP_MS;
  }

  /** A keydown; `composing` when the IME has it (event.isComposing, or key "Process" / keyCode 229). */
  key(at: number, composing = false): void {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && at - last > BURST_GAP_MS) this.reset();
    this.times.push(at);
    if (composing) this.composed = true;
    if (this.composed && this.fast()) this.imeSeen = true;
  }

  /** compositionstart: the IME took a key. In a fast burst, or followed by one, it is the IME garbling a device. */
  compositionStart(at: number): void {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && at - last > BURST_GAP_MS) this.reset();
    this.composed = true;
    if (this.fast()) this.imeSeen = true;
  }

  /** Whether an IME composed during a device burst since the last reset. */
  get imeDuringBurst(): boolean {
    return this.imeSeen;
  }

  /** The burst so far (Enter ends it). */
  summary(): BurstSummary {
    const n = this.times.length;
    const span = n > 1 ? (this.times[n - 1] ?? 0) - (this.times[0] ?? 0) : 0;
    const msPerKey = n > 1 ? span / (n - 1) : 0;
    return { keys: n, msPerKey, byDevice: n >= 8 && msPerKey < DEVICE_GAP_MS, ime: this.imeSeen };
  }

  reset(): void {
    this.times = [];
    this.composed = false;
    this.imeSeen = false;
  }
}
