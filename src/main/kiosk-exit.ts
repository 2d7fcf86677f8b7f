// The one page the shell ships itself: the admin PIN prompt that leaves kiosk
// mode (Ctrl+Shift+Q). It has a preload of its own (src/preload/shell-preload.ts)
// with one function, `leaveKiosk(pin)`, over KIOSK_EXIT_CHANNEL: main checks
// the PIN with the kiosk's guard (wrong PINs limited like on every transport)
// and leaves kiosk mode when it is right. Served under app://swipequeue/__shell/,
// with the same CSP: the script is a file, not inline.
import { KIOSK_EXIT_CHANNEL, type ErrorBody, type IpcReply } from '../shared/contract.js';
import { errorBodyOf, isAppError } from '../shared/errors.js';
import type { IpcMainLike, InvokeEvent } from './ipc.js';

export const KIOSK_EXIT_PATH = '/__shell/kiosk-exit.html';
export const KIOSK_EXIT_URL = `app://swipequeue${KIOSK_EXIT_PATH}`;

const HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>退出全屏 · 刷证排号</title>
<link rel="stylesheet" href="/__shell/kiosk-exit.css">
</head>
<body>
<form id="form">
<label for="pin">输入管理员 PIN 退出全屏模式</label>
<input id="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="32" autofocus>
<div class="buttons"><button type="submit">退出全屏</button><button type="button" id="cancel">取消</button></div>
<p id="message" role="alert"></p>
</form>
<script src="/__shell/kiosk-exit.js"></script>
</body>
</html>
`;

const CSS = `body{font:18px system-ui,sans-serif;margin:0;display:flex;align-items:center;justify-content:center;height:100vh;background:#f4f4f4}
form{display:flex;flex-direction:column;gap:12px;min-width:280px}
input{font-size:28px;padding:8px;letter-spacing:6px}
.buttons{display:flex;gap:12px}button{flex:1;font-size:18px;padding:8px}
#message{color:#b00020;min-height:1.5em;margin:0}
`;

const JS = `'use strict';
const form = document.getElementById('form');
const pin = document.getElementById('pin');
const message = document.getElementById('message');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  try {
    const reply = await window.swipequeueShell.leaveKiosk(pin.value);
    if (!reply.ok) {
      const e = reply.error;
      message.textContent =
        e.error === 'too-many-attempts' ? 'PIN 错误次数太多，请 ' + Math.ceil(e.retryAfter / 60) + ' 分钟后再试'
        : e.error === 'bad-pin' ? 'PIN 不对，请再试一次'
        : '无法退出全屏，请重试';
    }
  } catch (error) {
    message.textContent = '无法退出全屏，请重试';
  }
  pin.value = '';
  pin.focus();
});
document.getElementById('cancel').addEventListener('click', () => window.close());
`;

export interface BuiltInFile {
  type: string;
  body: string;
}

/** Paths under app://swipequeue/ answered from memory instead of dist/renderer. */
export const SHELL_FILES: Readonly<Record<string, BuiltInFile>> = {
  '/__shell/kiosk-exit.html': { type: 'text/html; charset=utf-8', body: HTML },
  '/__shell/kiosk-exit.css': { type: 'text/css; charset=utf-8', body: CSS },
  '/__shell/kiosk-exit.js': { type: 'text/javascript; charset=utf-8', body: JS },
};

export interface KioskExitOptions {
  /** The kiosk's guard: throws bad-pin / too-many-attempts. */
  checkPin(pin: string | undefined, device: string): void;
  /** Called once the PIN was right. */
  leave(): void;
}

/** Answers the kiosk-exit prompt; only that page (the shell's own URL) may ask. */
export function registerKioskExit(ipcMain: IpcMainLike, opts: KioskExitOptions): () => void {
  ipcMain.handle(KIOSK_EXIT_CHANNEL, (event: InvokeEvent, pin: unknown): IpcReply<{ left: true }> => {
    if (event.senderFrame?.url.split('#')[0] !== KIOSK_EXIT_URL) {
      return { ok: false, error: { error: 'forbidden', message: 'only the kiosk-exit prompt may leave kiosk mode' } };
    }
    try {
      opts.checkPin(typeof pin === 'string' && pin.length <= 64 ? pin : undefined, 'app');
    } catch (e) {
      const error: ErrorBody = isAppError(e) ? errorBodyOf(e) : { error: 'internal', message: 'the PIN could not be checked' };
      return { ok: false, error };
    }
    opts.leave();
    return { ok: true, value: { left: true } };
  });
  return () => ipcMain.removeHandler(KIOSK_EXIT_CHANNEL);
}
