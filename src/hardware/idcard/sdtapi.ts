// `sdtapi:<library>[?port=1001]`: a reader driven through its vendor's SDTAPI
// library (sdtapi.dll on Windows, a shared object elsewhere), loaded with koffi.
// Most certified readers sold in China ship one; it speaks to the reader for
// us, so readers that do not put SAM frames on a port the PC can open still
// work. The same poller drives it (poller.ts): find, select and read become
// SDT_StartFindIDCard, SDT_SelectIDCard and SDT_ReadBaseMsg, whose return codes
// are SW3 status words (0x90 success, 0x9F found, 0x80 no card …).
//
// Signatures as in the vendor header (every function `int __stdcall` on
// Windows; koffi ignores __stdcall where it means nothing):
//   int SDT_OpenPort(int iPort);                 1–16 serial, 1001–1016 USB
//   int SDT_ClosePort(int iPort);
//   int SDT_StartFindIDCard(int iPort, unsigned char *pucIIN, int iIfOpen);
//   int SDT_SelectIDCard(int iPort, unsigned char *pucSN, int iIfOpen);
//   int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
//                       unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen);
// iIfOpen 0: the port stays open between calls (we open it once).
//
// Every call blocks until the reader answers (a read takes about a second),
// so calls run on koffi's worker threads (`.async`): the kiosk keeps serving
// while the library waits. koffi is imported only when such a target opens, so
// a missing or broken native module is a plain error, never a crash at start.
import type { CommandName } from './frame.js';
import type { SamLink } from './sam-link.js';
import { SW3, statusName } from './status.js';

export const SDTAPI_PORTS = 'ports 1–16 (serial) or 1001–1016 (USB)';
export const isSdtapiPort = (port: number): boolean => (port >= 1 && port <= 16) || (port >= 1001 && port <= 1016);

/** The part of a koffi function the link uses. */
interface NativeFunc {
  (...args: unknown[]): number;
  async: (...args: unknown[]) => void;
}

interface Sdtapi {
  openPort: NativeFunc;
  closePort: NativeFunc;
  findCard: NativeFunc;
  selectCard: NativeFunc;
  readBaseMsg: NativeFunc;
}

const TEXT_BUFFER = 4096; // the text block is 256 bytes; some libraries write more than they say
const PHOTO_BUFFER = 4096;

async function loadSdtapi(library: string): Promise<Sdtapi> {
  let koffi: typeof import('koffi');
  try {
    koffi = await import('koffi');
  } catch (e) {
    throw new Error(`the FFI module koffi cannot be loaded (${(e as Error).message}); sdtapi: readers need it, serial and hid readers do not`, { cause: e });
  }
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(library);
  } catch (e) {
    throw new Error(`cannot load the SDTAPI library ${library}: ${(e as Error).message}`, { cause: e });
  }
  const func = (prototype: string) => {
    try {
      return lib.func(prototype) as unknown as NativeFunc;
    } catch (e) {
      throw new Error(`${library} is not an SDTAPI library: ${(e as Error).message}`, { cause: e });
    }
  };
  return {
    openPort: func('int __stdcall SDT_OpenPort(int iPort)'),
    closePort: func('int __stdcall SDT_ClosePort(int iPort)'),
    findCard: func('int __stdcall SDT_StartFindIDCard(int iPort, uint8_t *pucIIN, int iIfOpen)'),
    selectCard: func('int __stdcall SDT_SelectIDCard(int iPort, uint8_t *pucSN, int iIfOpen)'),
    readBaseMsg: func('int __stdcall SDT_ReadBaseMsg(int iPort, uint8_t *pucCHMsg, uint8_t *puiCHMsgLen, uint8_t *pucPHMsg, uint8_t *puiPHMsgLen, int iIfOpen)'),
  };
}

/** Runs one library call on a worker thread; the return code as a byte (libraries return it as an int). */
function callAsync(fn: NativeFunc, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: unknown, result: number) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result & 0xff)));
  });
}

const reply = (sw3: number, data: ArrayLike<number> = []) => Uint8Array.from([0, 0, sw3, ...Array.from(data)]);

export function sdtapiLink(library: string, port: number): SamLink {
  let api: Sdtapi | undefined;
  let opened = false;
  let gone: Error | undefined;
  const goneListeners: ((e: Error) => void)[] = [];
  /** The call in flight: calls never overlap, and closing waits for it. */
  let inFlight: Promise<unknown> = Promise.resolve();
  const lose = (e: Error) => {
    if (gone) return;
    gone = e;
    goneListeners.forEach((l) => l(e));
  };
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = inFlight.then(work, work);
    inFlight = run.catch(() => {});
    return run;
  };

  async function command(name: CommandName): Promise<Uint8Array> {
    const a = api!;
    if (name === 'findCard') return reply(await callAsync(a.findCard, port, Buffer.alloc(64), 0));
    if (name === 'selectCard') return reply(await callAsync(a.selectCard, port, Buffer.alloc(64), 0));
    if (name === 'readText' || name === 'readTextWithFingerprint') {
      const text = Buffer.alloc(TEXT_BUFFER);
      const photo = Buffer.alloc(PHOTO_BUFFER);
      const textLen = Buffer.alloc(4);
      const photoLen = Buffer.alloc(4);
      const code = await callAsync(a.readBaseMsg, port, text, textLen, photo, photoLen, 0);
      if (code !== SW3.SUCCESS) return reply(code);
      const t = Math.min(textLen.readUInt32LE(0), TEXT_BUFFER);
      const p = Math.min(photoLen.readUInt32LE(0), PHOTO_BUFFER);
      // the same reply a SAM sends for "read text + photo": lengths, text, photo
      return reply(SW3.SUCCESS, [t >> 8, t & 0xff, p >> 8, p & 0xff, ...text.subarray(0, t), ...photo.subarray(0, p)]);
    }
    return reply(0x21); // not a command this library offers
  }

  return {
    target: `sdtapi:${library}?port=${port}`,
    async open() {
      api = await loadSdtapi(library);
      const code = await serial(() => callAsync(api!.openPort, port));
      if (code !== SW3.SUCCESS) throw new Error(`SDTAPI port ${port} did not open: ${statusName(code)}`);
      opened = true;
    },
    async send(name) {
      // the library has its own timeouts and its calls cannot be cut short: no timer here
      if (gone || !api) return null;
      try {
        const payload = await serial(() => command(name));
        // the port itself failed (unplugged): reopen, as a serial port that vanished is
        if (payload[2] === SW3.PORT_FAILED) lose(new Error(`SDTAPI port ${port}: ${statusName(SW3.PORT_FAILED)}`));
        return payload;
      } catch (e) {
        lose(new Error(`SDTAPI library ${library} failed: ${(e as Error).message}`));
        return null;
      }
    },
    onLateRead: () => {},
    onGone: (l) => void goneListeners.push(l),
    async close() {
      if (!api || !opened) return;
      opened = false;
      const a = api;
      // a call still blocked in the library must finish before the port closes; do not wait forever
      const idle = await Promise.race([inFlight.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
      if (idle) await serial(() => callAsync(a.closePort, port)).catch(() => {});
    },
  };
}
