// Zoom per window. Chromium keeps one zoom level per origin, and every window
// of the app is app://swipequeue, so the browser's own zoom on the desk would
// zoom the TV too. Instead main keeps a factor per window and the page's
// preload applies it as CSS zoom on its own document (ZOOM_CHANNEL); the
// browser zoom stays at 100 %.

/** Chrome's zoom steps. */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

export function nextZoom(current: number, direction: 'in' | 'out' | 'reset'): number {
  if (direction === 'reset') return 1;
  if (direction === 'in') return ZOOM_STEPS.find((z) => z > current + 1e-9) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((z) => z < current - 1e-9) ?? ZOOM_STEPS[0];
}
