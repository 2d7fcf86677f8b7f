// The desk returns to the swipe prompt after some seconds without a touch,
// a key or a card. Timers are passed in so tests drive them.

export interface IdleTimerOptions {
  seconds: number;
  onIdle: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface IdleCountdown {
  /** Something happened: start counting again. */
  poke(): void;
  /** Nothing to return from (already at the prompt): stop counting. */
  stop(): void;
  setSeconds(seconds: number): void;
  readonly armed: boolean;
}

export function createIdleTimer(opts: IdleTimerOptions): IdleCountdown {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let seconds = opts.seconds;
  let handle: unknown = null;
  const stop = () => {
    if (handle !== null) clearTimer(handle);
    handle = null;
  };
  return {
    poke() {
      stop();
      handle = setTimer(
        () => {
          handle = null;
          opts.onIdle();
        },
        Math.max(1, seconds) * 1000,
      );
    },
    stop,
    setSeconds(s) {
      seconds = s;
      if (handle !== null) this.poke();
    },
    get armed() {
      return handle !== null;
    },
  };
}

/** The same timer as a class, for components that keep one in a memo. */
export class IdleTimer {
  private readonly timer: IdleCountdown;
  constructor(onIdle: () => void, seconds: number) {
    this.timer = createIdleTimer({ seconds, onIdle });
  }
  poke(): void {
    this.timer.poke();
  }
  stop(): void {
    this.timer.stop();
  }
  setSeconds(seconds: number): void {
    this.timer.setSeconds(seconds);
  }
  /** True while counting down to the prompt. */
  get running(): boolean {
    return this.timer.armed;
  }
}
