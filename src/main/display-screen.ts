// Where the waiting-room display goes, as monitors come and go. The TV is often
// plugged in after the app started, unplugged at lunch, or switched by Windows
// (Win+P) between "extend" and "duplicate" (duplicate leaves one monitor: the
// desk is mirrored on the TV and the display has nowhere of its own to go).
// Pure: main.ts feeds it screen events and applies the answer (test/main/display-screen.test.ts).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Screen {
  id: number;
  bounds: Rect;
}

/** Where the display window is now. */
export type DisplayWindow =
  | { state: 'closed' }
  /** Hidden after its monitor went away; it keeps speaking the calls. */
  | { state: 'hidden' }
  /** Full screen on monitor `screenId`, or windowed on the desk's monitor (`screenId` null). */
  | { state: 'shown'; screenId: number | null };

export type DisplayAction =
  | { kind: 'none' }
  /** Open (or show again) full screen on this monitor. */
  | { kind: 'full-screen'; screenId: number; bounds: Rect }
  /** Open (or show again) as an ordinary window on the desk's monitor. */
  | { kind: 'windowed' }
  /** Its monitor is gone and there is no other: hide it and tell the operator. */
  | { kind: 'hide' };

/** The monitors that are not the desk's (the TV, the projector), in the order the system lists them. */
export const secondScreens = (screens: readonly Screen[], primaryId: number): Screen[] => screens.filter((s) => s.id !== primaryId);

/** The first monitor that is not the primary one, or null with a single monitor. */
export function pickDisplayScreen<S extends Screen>(screens: readonly S[], primaryId: number): S | null {
  return screens.find((s) => s.id !== primaryId) ?? null;
}

const onScreen = (s: Screen): DisplayAction => ({ kind: 'full-screen', screenId: s.id, bounds: s.bounds });

/** At start: full screen on the second monitor; with one monitor only when asked (`--display`), windowed. */
export function displayAtStart(screens: readonly Screen[], primaryId: number, evenWithoutSecondMonitor: boolean): DisplayAction {
  const target = pickDisplayScreen(screens, primaryId);
  if (target) return onScreen(target);
  return evenWithoutSecondMonitor ? { kind: 'windowed' } : { kind: 'none' };
}

/**
 * The set of monitors changed (added, removed, resized, rescaled). The display
 * stays where it is while its monitor exists (its bounds are re-applied: a new
 * resolution or scale); a second monitor that appears takes a hidden or
 * windowed display, or a closed one unless the operator closed it on purpose
 * (`wanted` false); when its monitor is gone it moves to another, else hides.
 */
export function displayAfterScreensChanged(screens: readonly Screen[], primaryId: number, current: DisplayWindow, wanted: boolean): DisplayAction {
  const first = secondScreens(screens, primaryId)[0];
  if (current.state === 'shown' && current.screenId !== null) {
    const still = screens.find((s) => s.id === current.screenId && s.id !== primaryId);
    if (still) return onScreen(still);
    return first ? onScreen(first) : { kind: 'hide' };
  }
  if (current.state === 'closed' && !wanted) return { kind: 'none' };
  return first ? onScreen(first) : { kind: 'none' };
}

/**
 * The operator asked to show or move the display (menu, Ctrl+Shift+D): a
 * closed or hidden display comes back on the first second monitor (windowed
 * without one); a shown one moves to the next monitor, the desk's own last,
 * windowed there.
 */
export function displayOnRequest(screens: readonly Screen[], primaryId: number, current: DisplayWindow): DisplayAction {
  const seconds = secondScreens(screens, primaryId);
  if (current.state !== 'shown') return seconds[0] ? onScreen(seconds[0]) : { kind: 'windowed' };
  if (current.screenId === null) return seconds[0] ? onScreen(seconds[0]) : { kind: 'windowed' };
  const at = seconds.findIndex((s) => s.id === current.screenId);
  const next = at >= 0 ? seconds[at + 1] : seconds[0];
  return next ? onScreen(next) : { kind: 'windowed' };
}
