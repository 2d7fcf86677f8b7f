// The caller page's keyboard: the photographer's shortcuts and a keyboard-wedge
// reader or scanner at the camera share it (./key-burst.ts decides which is
// which). A hidden, read-only input keeps the focus when nothing else has it,
// so a reader plugged into a tablet types into this page and no on-screen
// keyboard opens (inputMode none).
import { useCallback, useEffect, useRef } from 'react';
import { KeyBurst, LONE_KEY_MS, type BurstStep } from './key-burst.js';

export interface CameraKeys {
  onShortcut: (key: string) => void;
  onLine: (text: string, byDevice: boolean) => void;
}

export function useCameraKeys(handlers: CameraKeys) {
  const target = useRef<HTMLInputElement | null>(null);
  const latest = useRef(handlers);
  latest.current = handlers;

  const refocus = useCallback(() => {
    const active = document.activeElement;
    if (active === null || active === document.body || active === target.current) target.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    const burst = new KeyBurst();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = (steps: BurstStep[]) => {
      for (const s of steps) {
        if (s.kind === 'line') latest.current.onLine(s.text, s.byDevice);
        else latest.current.onShortcut(s.key);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const tag = el?.tagName ?? '';
      const wedge = el?.dataset.wedge === 'true';
      // A visible box (核对本人, a reason) keeps its own keys.
      if ((tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') && !wedge) return;
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || e.isComposing) return;
      // A focused button or link keeps its own Enter/Space (keyboard users who tabbed to it).
      if ((e.key === 'Enter' || e.key === ' ') && (tag === 'BUTTON' || tag === 'A')) return;
      // Tab moves the focus unless it ends a device's line.
      if (e.key === 'Tab' && !burst.pending) return;
      if (e.key !== 'Enter' && e.key !== 'Tab' && [...e.key].length !== 1) return;
      e.preventDefault();
      run(burst.key(e.key, performance.now()));
      clearTimeout(timer);
      if (burst.pending) timer = setTimeout(() => run(burst.flush(performance.now())), LONE_KEY_MS + 10);
    };
    window.addEventListener('keydown', onKey);
    const onFocus = () => refocus();
    window.addEventListener('focus', onFocus);
    refocus();
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, [refocus]);

  return { target, refocus };
}
