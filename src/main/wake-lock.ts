// Card polling is not user input: without a blocker Windows blanks the screen
// and sleeps the laptop mid-morning, display and reader with it. Held from the
// moment the windows open until the app quits; taken again after the system
// resumes or the screen is unlocked, in case the blocker was lost. Against
// Electron's powerSaveBlocker (structural, so tests pass a fake).

export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean | void;
  isStarted(id: number): boolean;
}

export interface WakeLock {
  /** Keeps the display (and so the system) awake; idempotent. */
  hold(): void;
  /** Lets the laptop sleep again (the app is quitting). */
  release(): void;
  held(): boolean;
}

export function createWakeLock(blocker: PowerSaveBlockerLike): WakeLock {
  let id: number | undefined;
  const held = () => id !== undefined && blocker.isStarted(id);
  return {
    hold() {
      if (!held()) id = blocker.start('prevent-display-sleep');
    },
    release() {
      if (id !== undefined && blocker.isStarted(id)) blocker.stop(id);
      id = undefined;
    },
    held,
  };
}
