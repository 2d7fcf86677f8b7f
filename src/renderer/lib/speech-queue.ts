// The display's voice: each call becomes utterances in a queue, so a new call
// never cuts off one being spoken, and each is said the configured number of
// times. Pure: the speaker (Web Speech or recorded clips, lib/voice.ts) is passed in.

export interface Speaker {
  /** Says one utterance; resolves when it has been said (or failed: the queue moves on). */
  speak(text: string): Promise<void>;
  /** Stops the utterance in progress (called when it overran its deadline). */
  cancel?(): void;
}

/**
 * How long one utterance may take before the queue gives up on it: Chromium's
 * Web Speech sometimes never fires `onend` (voice changed, audio device gone),
 * and one lost `onend` would stall every later call. Generous: a Chinese voice
 * at rate 0.9 says about four characters a second.
 */
export function utteranceDeadlineMs(text: string): number {
  return 5_000 + 500 * Array.from(text).length;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** What the display shows and speaks: `请 0012A 号到 7-115 拍照`. */
export function callText(ticket: string, room: string): string {
  return `请 ${ticket} 号到 ${room} 拍照`;
}

const CALL_RE = /^请 (\S+) 号到 (.+) 拍照$/;

/**
 * The sentence for a Chinese speech engine: digits one by one (`零零一二`, not
 * 十二), a dash as 杠, letters apart so they are spelled.
 */
export function spokenText(text: string): string {
  const m = CALL_RE.exec(text);
  if (!m) return text;
  const spell = (s: string) =>
    Array.from(s)
      .map((c) => (/\d/.test(c) ? DIGITS[Number(c)] : c === '-' ? '杠' : /[A-Za-z]/.test(c) ? ` ${c.toUpperCase()} ` : c))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  return `请 ${spell(m[1] ?? '')} 号，到 ${spell(m[2] ?? '')} 拍照`;
}

/**
 * Recorded clip names, in order, for a call: `qing`, `d0`…`d9`, `A`…`Z`,
 * `haodao`, `dash`, `paizhao`. Characters with no clip (a room named in Chinese) are skipped.
 */
export function clipNames(text: string): string[] {
  const m = CALL_RE.exec(text);
  if (!m) return [];
  const clipsOf = (s: string) =>
    Array.from(s.toUpperCase()).flatMap((c) => (/\d/.test(c) ? [`d${c}`] : /[A-Z]/.test(c) ? [c] : c === '-' ? ['dash'] : []));
  return ['qing', ...clipsOf(m[1] ?? ''), 'haodao', ...clipsOf(m[2] ?? ''), 'paizhao'];
}

export class SpeechQueue {
  private readonly pending: string[] = [];
  private running = false;
  private stopped = false;
  /** Everything said, in order (tests read it). */
  readonly spoken: string[] = [];

  constructor(
    private readonly speaker: Speaker,
    private readonly deadlineMs: (text: string) => number = utteranceDeadlineMs,
  ) {}

  /** Queues `text` to be said `times` times (1 to 5) after everything already queued. */
  enqueue(text: string, times = 1): void {
    if (this.stopped) return;
    const n = Math.min(5, Math.max(1, Math.floor(times) || 1));
    for (let i = 0; i < n; i++) this.pending.push(text);
    void this.drain();
  }

  /** Utterances queued or being said. */
  get size(): number {
    return this.pending.length + (this.running ? 1 : 0);
  }

  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
  }

  /** True when said, false when it overran its deadline (and was cancelled). */
  private async sayInTime(text: string): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overran = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.deadlineMs(text));
    });
    try {
      const said = await Promise.race([this.speaker.speak(text).then(() => true as const), overran]);
      if (!said) {
        try {
          this.speaker.cancel?.();
        } catch {
          // nothing left to stop
        }
      }
      return said;
    } finally {
      clearTimeout(timer);
    }
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
        try {
          if (await this.sayInTime(next)) this.spoken.push(next);
        } catch {
          // A failed utterance (no audio device) must not stop the calls after it.
        }
        if (this.stopped) break;
      }
    } finally {
      this.running = false;
    }
  }
}
