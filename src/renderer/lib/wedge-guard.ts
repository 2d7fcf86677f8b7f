// Watches a text box that wedge readers and scanners type into: whether a
// Chinese input method garbled the last device burst (the volunteer is told
// to switch it off), and what that burst held, masked, for the reader self-test
// in admin (kept in localStorage: masked ID and name only, never the number).
import { useEffect, useState, type RefObject } from 'react';
import { TypingBurst, type BurstSummary } from './typing-burst.js';
import { maskedLine } from './wedge-line.js';

export interface LastBurst extends BurstSummary {
  at: string;
  /** What the line held (wedge-line.ts): card, invalid-id-number, no-id-number, plain. */
  kind: string;
  maskedId: string | null;
  maskedName: string | null;
  /** Characters in the line (not the line itself: it may be a full ID number). */
  length: number;
}

const KEY = 'swipequeue.lastBurst';
const CHANGED = 'swipequeue:last-burst';

export function readLastBurst(): LastBurst | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as LastBurst) : null;
  } catch {
    return null;
  }
}

function saveLastBurst(burst: LastBurst): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(burst));
  } catch {
    // private mode or full storage: the self-test just shows less
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** The last burst typed into any guarded box, in this window or another one of the kiosk. */
export function useLastBurst(): LastBurst | null {
  const [burst, setBurst] = useState<LastBurst | null>(() => readLastBurst());
  useEffect(() => {
    const update = () => setBurst(readLastBurst());
    window.addEventListener(CHANGED, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(CHANGED, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return burst;
}

/** True while the last device burst into `input` was composed by an input method. */
export function useWedgeGuard(input: RefObject<HTMLInputElement | null>): boolean {
  const [imeOn, setImeOn] = useState(false);
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const burst = new TypingBurst();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        const summary = burst.summary();
        if (summary.keys > 0) {
          const line = maskedLine(el.value);
          saveLastBurst({ ...summary, ...line, length: el.value.length, at: new Date().toISOString() });
          setImeOn(summary.ime);
        }
        burst.reset();
        return;
      }
      burst.key(e.timeStamp, e.isComposing || e.key === 'Process' || e.keyCode === 229);
      if (burst.imeDuringBurst) setImeOn(true);
    };
    const onComposition = (e: CompositionEvent) => {
      burst.compositionStart(e.timeStamp);
      if (burst.imeDuringBurst) setImeOn(true);
    };
    el.addEventListener('keydown', onKey);
    el.addEventListener('compositionstart', onComposition);
    return () => {
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('compositionstart', onComposition);
    };
  }, [input]);
  return imeOn;
}
