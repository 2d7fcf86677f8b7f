// The preload: exposes exactly the contract as `window.swipequeue` (one
// function per operation, over IPC) plus `onLive`, nothing else: no
// ipcRenderer, no Node, no event objects. Runs sandboxed, so it is bundled
// into one CommonJS file (scripts/build-preload.mjs → dist/preload/preload.cjs).
import { contextBridge, ipcRenderer } from 'electron';
import {
  ApiError,
  IPC_CHANNEL_PREFIX,
  LIVE_CHANNEL,
  SUBSCRIBE_LIVE_CHANNEL,
  ZOOM_CHANNEL,
  type Bridge,
  type CallOptions,
  type ErrorBody,
  type IpcReply,
  type OpInput,
  type OpName,
  type OpOutput,
} from '../shared/contract.js';
import type { LiveEvent } from '../shared/types.js';
import { opNames } from '../shared/operations.js';

export const BRIDGE_KEY = 'swipequeue';

/**
 * An ApiError that survives contextBridge. The bridge copies a thrown Error
 * as `new Error(message)` and drops `code` and the body (electron/electron#25596);
 * an object with ApiError's prototype but no native error slot is copied as a
 * plain object instead, so the page still reads `e.code`, `e.message`, `e.body`.
 */
export function bridgeError(body: ErrorBody): ApiError {
  const error = Object.create(ApiError.prototype) as ApiError;
  return Object.assign(error, { name: 'ApiError', message: body.message, code: body.error, body, status: undefined });
}

function isReply(value: unknown): value is IpcReply<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

async function invoke<K extends OpName>(op: K, input: OpInput<K> | undefined, opts: CallOptions | undefined): Promise<OpOutput<K>> {
  let reply: unknown;
  try {
    reply = await ipcRenderer.invoke(`${IPC_CHANNEL_PREFIX}${op}`, input, opts?.pin === undefined ? undefined : { pin: opts.pin });
  } catch (e) {
    // No handler (main not ready) or the input could not be cloned.
    throw bridgeError({ error: 'ipc-failed', message: `the kiosk did not answer ${op}: ${(e as Error).message}` });
  }
  if (!isReply(reply)) throw bridgeError({ error: 'ipc-failed', message: `the kiosk answered ${op} with something unexpected` });
  if (!reply.ok) throw bridgeError(reply.error);
  return reply.value as OpOutput<K>;
}

const operations = Object.fromEntries(
  opNames.map((op) => [op, (input?: OpInput<typeof op>, opts?: CallOptions) => invoke(op, input, opts)]),
) as { [K in OpName]: Bridge[K] };

// Live events: one IPC listener and one subscription per page, however many
// components listen; the page gets the event, never Electron's event object.
const liveListeners = new Set<(event: LiveEvent) => void>();
let subscribed = false;

function onLive(listener: (event: LiveEvent) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onLive needs a function');
  liveListeners.add(listener);
  if (!subscribed) {
    subscribed = true;
    ipcRenderer.on(LIVE_CHANNEL, (_event, liveEvent: LiveEvent) => {
      for (const l of liveListeners) {
        try {
          l(liveEvent);
        } catch (e) {
          console.error('swipequeue: a live event listener failed', e);
        }
      }
    });
    ipcRenderer.invoke(SUBSCRIBE_LIVE_CHANNEL).then(
      (reply: unknown) => {
        if (isReply(reply) && !reply.ok) console.error(`swipequeue: live events refused: ${reply.error.message}`);
      },
      (e: unknown) => console.error('swipequeue: could not subscribe to live events', e),
    );
  }
  return () => {
    liveListeners.delete(listener);
  };
}

export const bridge = { ...operations, onLive } satisfies Bridge;

/**
 * Zoom of this window only (src/main/zoom.ts): Chromium's zoom is per origin,
 * and every window is app://swipequeue, so CSS zoom on this document instead.
 */
export function applyZoom(root: { style: { zoom: string } }, factor: unknown): void {
  if (typeof factor !== 'number' || !(factor >= 0.25 && factor <= 5)) return;
  root.style.zoom = factor === 1 ? '' : String(factor);
}
ipcRenderer.on(ZOOM_CHANNEL, (_event, factor: unknown) => applyZoom(document.documentElement, factor));

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
