// The IPC adapter: one loop over the contract, no operation named. The frame
// that sent a call must be the app's own page; its screen is the caller's role;
// then the kiosk's one door (src/core/kiosk.ts `call`) parses the input and the
// guard admits the caller, as for HTTP. Replies travel as IpcReply envelopes so
// the renderer gets the error code, not just a message. No `app` or
// `BrowserWindow` here: tests drive it with fakes.
import type { Kiosk } from '../core/kiosk.js';
import { IPC_CHANNEL_PREFIX, LIVE_CHANNEL, SUBSCRIBE_LIVE_CHANNEL, opNames, type CallContext, type ErrorBody, type IpcReply, type OpName } from '../shared/contract.js';
import { errorBodyOf, isAppError } from '../shared/errors.js';
import { isStationRole, type StationRole } from '../shared/operations.js';
import type { LiveEvent } from '../shared/types.js';

/** The invoke channel of an operation: `swipequeue:checkIn`. */
export const channelOf = (op: OpName): string => `${IPC_CHANNEL_PREFIX}${op}`;

/** What the adapter needs of Electron's IpcMainInvokeEvent (structural, so tests pass fakes). */
export interface InvokeEvent {
  senderFrame: { url: string } | null;
  sender: LiveSender;
}
export interface LiveSender {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** True when the frame is the app's own page (app://swipequeue/…). */
  isTrustedSender(frame: { url: string } | null): boolean;
  /** Where unexpected failures are written (default console.error). */
  logError?: (message: string, error: unknown) => void;
}

export interface RegisteredIpc {
  /** Windows currently subscribed to live events (for tests and diagnostics). */
  liveSubscribers(): number;
  /** Removes every handler and stops forwarding live events. */
  dispose(): void;
}

const FORBIDDEN: ErrorBody = { error: 'forbidden', message: 'this page is not part of the kiosk app; the request was refused' };
const PIN_MAX = 64;

/**
 * The screen of a window, read from its route: its role for the guard. A page
 * without a screen (home) may only read what the waiting-room display reads.
 */
export function screenOf(frameUrl: string): StationRole {
  const route = /#\/([a-z-]+)/.exec(frameUrl)?.[1];
  return isStationRole(route) ? route : 'display';
}

/** Who acts, for the audit log: the screen, with the station or desk it names (`#/caller/A` → `caller:A`). */
export function actorOf(frameUrl: string): string {
  const screen = screenOf(frameUrl);
  const named = new RegExp(`#/${screen}/([A-Za-z0-9_-]{1,32})`).exec(frameUrl)?.[1];
  return named === undefined ? screen : `${screen}:${named}`;
}

/** The second argument of every call: `{pin?}` or nothing. */
function parseCallOptions(raw: unknown): { pin?: string } | ErrorBody {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { error: 'bad-request', message: 'call options must be an object like {pin: "1234"}' };
  const pin = (raw as { pin?: unknown }).pin;
  const extra = Object.keys(raw).filter((k) => k !== 'pin');
  if (extra.length > 0) return { error: 'bad-request', message: `unknown call option: ${extra.join(', ')}` };
  if (pin === undefined) return {};
  if (typeof pin !== 'string' || pin.length > PIN_MAX) return { error: 'bad-request', message: 'the admin PIN must be a short string' };
  return pin === '' ? {} : { pin };
}

/** Anything thrown by core becomes the contract's error body; nothing raw reaches a page. */
export function errorBodyFor(e: unknown, logError: (message: string, error: unknown) => void): ErrorBody {
  if (isAppError(e)) {
    if (e.kind === 'failure') logError('swipequeue: an IPC call failed', e);
    return errorBodyOf(e);
  }
  logError('swipequeue: unexpected failure in an IPC handler', e);
  return { error: 'internal', message: 'the kiosk hit an unexpected problem; restart the app and see the log if it happens again' };
}

export function registerIpc(ipcMain: IpcMainLike, kiosk: Pick<Kiosk, 'call' | 'subscribe'>, opts: IpcOptions): RegisteredIpc {
  const logError = opts.logError ?? ((message, error) => console.error(message, error));
  const trusted = (event: InvokeEvent): boolean => {
    try {
      return event.senderFrame !== null && opts.isTrustedSender(event.senderFrame);
    } catch {
      return false; // a frame that went away while we asked
    }
  };

  for (const name of opNames) {
    ipcMain.handle(channelOf(name), async (event, rawInput, rawOptions): Promise<IpcReply<unknown>> => {
      if (!trusted(event)) return { ok: false, error: FORBIDDEN };
      const options = parseCallOptions(rawOptions);
      if ('error' in options) return { ok: false, error: options };
      const url = event.senderFrame?.url ?? '';
      // The desktop app is one device: its wrong PINs add up, whichever window typed them.
      const ctx: CallContext = { role: screenOf(url), actor: actorOf(url), device: 'app', ...options };
      try {
        // `null` (no active event) is a value too; IPC carries it as is.
        const value = await kiosk.call(name, rawInput, ctx);
        return { ok: true, value: value ?? null };
      } catch (e) {
        return { ok: false, error: errorBodyFor(e, logError) };
      }
    });
  }

  // Live events: only to windows that asked, only while they exist.
  const subscribers = new Map<number, LiveSender>();
  ipcMain.handle(SUBSCRIBE_LIVE_CHANNEL, (event): IpcReply<{ subscribed: true }> => {
    if (!trusted(event)) return { ok: false, error: FORBIDDEN };
    const sender = event.sender;
    if (!subscribers.has(sender.id)) {
      subscribers.set(sender.id, sender);
      sender.once('destroyed', () => subscribers.delete(sender.id));
    }
    return { ok: true, value: { subscribed: true } };
  });
  const unsubscribe = kiosk.subscribe((liveEvent: LiveEvent) => {
    for (const [id, sender] of subscribers) {
      if (sender.isDestroyed()) {
        subscribers.delete(id);
        continue;
      }
      try {
        sender.send(LIVE_CHANNEL, liveEvent);
      } catch (e) {
        // A window closing mid-send must not stop the others from hearing the call.
        subscribers.delete(id);
        logError('swipequeue: could not send a live event to a window', e);
      }
    }
  });

  return {
    liveSubscribers: () => subscribers.size,
    dispose: () => {
      unsubscribe();
      subscribers.clear();
      for (const name of opNames) ipcMain.removeHandler(channelOf(name));
      ipcMain.removeHandler(SUBSCRIBE_LIVE_CHANNEL);
    },
  };
}
