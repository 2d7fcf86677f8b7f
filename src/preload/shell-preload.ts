// The preload of the desktop shell's own PIN prompt (src/main/kiosk-exit.ts):
// `window.swipequeueShell.leaveKiosk(pin)` and `moveDisplay(pin)`, nothing else. The
// app's pages get src/preload/preload.ts instead. Bundled like it, by
// scripts/build-preload.mjs, into dist/preload/shell-preload.cjs.
import { contextBridge, ipcRenderer } from 'electron';
import { KIOSK_EXIT_CHANNEL, type IpcReply } from '../shared/contract.js';

export const SHELL_KEY = 'swipequeueShell';

export const shell = {
  leaveKiosk: async (pin: string): Promise<IpcReply<{ left: true }>> => {
    try {
      return (await ipcRenderer.invoke(KIOSK_EXIT_CHANNEL, String(pin))) as IpcReply<{ left: true }>;
    } catch {
      return { ok: false, error: { error: 'ipc-failed', message: 'the app did not answer' } };
    }
  },
  moveDisplay: async (pin: string): Promise<IpcReply<{ moved: true }>> => {
    try {
      return (await ipcRenderer.invoke(KIOSK_EXIT_CHANNEL, String(pin), 'display')) as IpcReply<{ moved: true }>;
    } catch {
      return { ok: false, error: { error: 'ipc-failed', message: 'the app did not answer' } };
    }
  },
};

contextBridge.exposeInMainWorld(SHELL_KEY, shell);
