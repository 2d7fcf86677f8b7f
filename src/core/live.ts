// A small typed emitter for live events; a failing listener never breaks a check-in.
import type { LiveEvent } from '../shared/types.js';

export interface LiveBus {
  emit(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

export function createLiveBus(): LiveBus {
  const listeners = new Set<(event: LiveEvent) => void>();
  return {
    emit(event) {
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch {
          // a display that throws is its own problem
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
