// Where the waiting-room display goes as monitors come and go (src/main/display-screen.ts).
import { describe, expect, it } from 'vitest';
import { displayAfterScreensChanged, displayAtStart, displayOnRequest, pickDisplayScreen } from '../../src/main/display-screen.js';

const laptop = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const tv = { id: 7, bounds: { x: 1366, y: 0, width: 1920, height: 1080 } };
const projector = { id: 9, bounds: { x: 3286, y: 0, width: 1280, height: 720 } };
const onTv = { kind: 'full-screen', screenId: 7, bounds: tv.bounds };

describe('at start', () => {
  it('full screen on the second monitor; with one monitor only when asked, windowed', () => {
    expect(displayAtStart([laptop, tv], 1, false)).toEqual(onTv);
    expect(displayAtStart([laptop], 1, false)).toEqual({ kind: 'none' });
    expect(displayAtStart([laptop], 1, true)).toEqual({ kind: 'windowed' });
    expect(pickDisplayScreen([tv, laptop], 1)).toBe(tv);
  });
});

describe('when monitors change', () => {
  it('a TV plugged in after the start gets the display, whether closed at start, hidden or windowed', () => {
    expect(displayAfterScreensChanged([laptop, tv], 1, { state: 'closed' }, true)).toEqual(onTv);
    expect(displayAfterScreensChanged([laptop, tv], 1, { state: 'hidden' }, true)).toEqual(onTv);
    expect(displayAfterScreensChanged([laptop, tv], 1, { state: 'shown', screenId: null }, true)).toEqual(onTv);
  });

  it('a display the operator closed stays closed', () => {
    expect(displayAfterScreensChanged([laptop, tv], 1, { state: 'closed' }, false)).toEqual({ kind: 'none' });
  });

  it('stays on its monitor, bounds re-applied (new resolution or scaling)', () => {
    const bigger = { id: 7, bounds: { x: 1366, y: 0, width: 3840, height: 2160 } };
    expect(displayAfterScreensChanged([laptop, bigger, projector], 1, { state: 'shown', screenId: 7 }, true)).toEqual({ kind: 'full-screen', screenId: 7, bounds: bigger.bounds });
  });

  it('its TV unplugged or Windows switched to "duplicate": to another second monitor, else hidden', () => {
    expect(displayAfterScreensChanged([laptop, projector], 1, { state: 'shown', screenId: 7 }, true)).toEqual({ kind: 'full-screen', screenId: 9, bounds: projector.bounds });
    expect(displayAfterScreensChanged([laptop], 1, { state: 'shown', screenId: 7 }, true)).toEqual({ kind: 'hide' });
    // The TV became the primary monitor: the display does not cover the desk there.
    expect(displayAfterScreensChanged([{ ...tv }, laptop], 7, { state: 'shown', screenId: 7 }, true)).toEqual({ kind: 'full-screen', screenId: 1, bounds: laptop.bounds });
  });

  it('a windowed display with no second monitor stays as it is', () => {
    expect(displayAfterScreensChanged([laptop], 1, { state: 'shown', screenId: null }, true)).toEqual({ kind: 'none' });
  });
});

describe('on the operator’s request (menu, Ctrl+Shift+D)', () => {
  it('brings a closed or hidden display back on the TV, windowed without one', () => {
    expect(displayOnRequest([laptop, tv], 1, { state: 'closed' })).toEqual(onTv);
    expect(displayOnRequest([laptop, tv], 1, { state: 'hidden' })).toEqual(onTv);
    expect(displayOnRequest([laptop], 1, { state: 'hidden' })).toEqual({ kind: 'windowed' });
  });

  it('moves a shown display to the next monitor, the desk’s own last', () => {
    expect(displayOnRequest([laptop, tv, projector], 1, { state: 'shown', screenId: 7 })).toEqual({ kind: 'full-screen', screenId: 9, bounds: projector.bounds });
    expect(displayOnRequest([laptop, tv, projector], 1, { state: 'shown', screenId: 9 })).toEqual({ kind: 'windowed' });
    expect(displayOnRequest([laptop, tv, projector], 1, { state: 'shown', screenId: null })).toEqual(onTv);
  });
});
