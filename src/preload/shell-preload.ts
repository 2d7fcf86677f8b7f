// The preload of the desktop shell's own kiosk-exit prompt (src/main/kiosk-exit.ts):
// one function, `window.swipequeueShell.leaveKiosk(pin)`, nothing else. The
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
};

contextBridge.exposeInMainWorld(SHELL_KEY, shell);
