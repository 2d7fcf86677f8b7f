// The desk window opens before the kiosk (database, reader, printer) is open,
// so a person sees something at once. IPC is registered against this gate:
// calls wait until the kiosk is open, live subscriptions are kept and attached
// then; if the kiosk cannot open, waiting calls fail and the failure screen
// takes over (main.ts).
import type { Kiosk } from '../core/kiosk.js';
import { AppError } from '../shared/errors.js';
import type { LiveEvent } from '../shared/types.js';

/**
 * What main needs of its kiosk: this app's own (core), or, as a desk of another
 * kiosk, the server's seen over HTTP (src/client/remote-kiosk.ts), whose PIN
 * check is the server's and so asynchronous.
 */
export type ShellKiosk = Pick<Kiosk, 'call' | 'as' | 'subscribe' | 'close' | 'closeNow'> & {
  checkPin(pin: string | undefined, device: string): void | Promise<void>;
};

export type GatedKiosk = Pick<ShellKiosk, 'call' | 'subscribe' | 'checkPin'>;

export interface KioskGate {
  readonly kiosk: GatedKiosk;
  /** The kiosk is open: waiting calls go through, subscribers are attached. */
  open(kiosk: ShellKiosk): void;
  /** The kiosk could not open: waiting and later calls fail. */
  fail(error: unknown): void;
  /** The open kiosk, if any. */
  current(): ShellKiosk | undefined;
}

const notOpen = (why: string) => new AppError('failure', 'internal', `the kiosk is not open: ${why}`);

export function createKioskGate(): KioskGate {
  let kiosk: ShellKiosk | undefined;
  let failed: unknown;
  let settle: { resolve: (k: ShellKiosk) => void; reject: (e: unknown) => void } | undefined;
  const ready = new Promise<ShellKiosk>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {}); // a failure before anyone called is not an unhandled rejection
  const listeners = new Map<(event: LiveEvent) => void, () => void>();

  return {
    kiosk: {
      async call(name, input, ctx) {
        let k = kiosk;
        if (k === undefined) {
          try {
            k = await ready;
          } catch {
            throw notOpen(failed instanceof Error ? failed.message : String(failed));
          }
        }
        return k.call(name, input, ctx);
      },
      subscribe(listener) {
        // Wrapped, so the same function subscribed twice is two subscriptions, as on the kiosk.
        const wrapped = (event: LiveEvent) => listener(event);
        listeners.set(wrapped, kiosk ? kiosk.subscribe(wrapped) : () => {});
        return () => {
          listeners.get(wrapped)?.();
          listeners.delete(wrapped);
        };
      },
      checkPin(pin, device) {
        if (!kiosk) throw notOpen('still starting');
        return kiosk.checkPin(pin, device);
      },
    },
    open(k) {
      if (kiosk || failed !== undefined) return;
      kiosk = k;
      for (const wrapped of listeners.keys()) listeners.set(wrapped, k.subscribe(wrapped));
      settle?.resolve(k);
    },
    fail(error) {
      if (kiosk || failed !== undefined) return;
      failed = error ?? new Error('unknown');
      settle?.reject(failed);
    },
    current: () => kiosk,
  };
}
