// The shell's own admin PIN prompt, for what kiosk mode locks away: leaving
// kiosk mode (Ctrl+Shift+Q) and showing or moving the waiting-room display
// (Ctrl+Shift+D; `#display` on the prompt's URL). It has a preload of its own
// (src/preload/shell-preload.ts), `leaveKiosk(pin)` and `moveDisplay(pin)`,
// over KIOSK_EXIT_CHANNEL: main checks the PIN with the kiosk's guard (wrong
// PINs limited like on every transport) and acts when it is right. Served
// under app://swipequeue/__shell/, with the same CSP: the script is a file, not inline.
import { KIOSK_EXIT_CHANNEL, type ErrorBody, type IpcReply } from '../shared/contract.js';
import { errorBodyOf, isAppError } from '../shared/errors.js';
import type { IpcMainLike, InvokeEvent } from './ipc.js';

export const KIOSK_EXIT_PATH = '/__shell/kiosk-exit.html';
export const KIOSK_EXIT_URL = `app://swipequeue${KIOSK_EXIT_PATH}`;
/** The same prompt, asking for the PIN to show or move the display. */
export const MOVE_DISPLAY_URL = `${KIOSK_EXIT_URL}#display`;

const HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>退出全屏 · 刷证排号</title>
<link rel="stylesheet" href="/__shell/kiosk-exit.css">
</head>
<body>
<form id="form">
<label for="pin" id="label">输入管理员 PIN 退出全屏模式</label>
<input id="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="32" autofocus>
<div class="buttons"><button type="submit" id="ok">退出全屏</button><button type="button" id="cancel">取消</button></div>
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
const moving = location.hash === '#display';
if (moving) {
  document.title = '候场大屏 · 刷证排号';
  document.getElementById('label').textContent = '输入管理员 PIN 显示或移动候场大屏';
  document.getElementById('ok').textContent = '显示大屏';
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  try {
    const reply = moving ? await window.swipequeueShell.moveDisplay(pin.value) : await window.swipequeueShell.leaveKiosk(pin.value);
    if (!reply.ok) {
      const e = reply.error;
      message.textContent =
        e.error === 'too-many-attempts' ? 'PIN 错误次数太多，请 ' + Math.ceil(e.retryAfter / 60) + ' 分钟后再试'
        : e.error === 'bad-pin' ? 'PIN 不对，请再试一次'
        : moving ? '无法显示大屏，请重试' : '无法退出全屏，请重试';
    }
  } catch (error) {
    message.textContent = moving ? '无法显示大屏，请重试' : '无法退出全屏，请重试';
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
  /** The kiosk's guard (or, for a desk of another kiosk, the server's): throws or rejects with bad-pin / too-many-attempts. */
  checkPin(pin: string | undefined, device: string): void | Promise<void>;
  /** Leaves kiosk mode; called once the PIN was right. */
  leave(): void;
  /** Shows or moves the display; called once the PIN was right. */
  moveDisplay?(): void;
}

/** Answers the kiosk-exit prompt; only that page (the shell's own URL) may ask. */
export function registerKioskExit(ipcMain: IpcMainLike, opts: KioskExitOptions): () => void {
  ipcMain.handle(KIOSK_EXIT_CHANNEL, async (event: InvokeEvent, pin: unknown, action: unknown): Promise<IpcReply<{ left: true } | { moved: true }>> => {
    if (event.senderFrame?.url.split('#')[0] !== KIOSK_EXIT_URL) {
      return { ok: false, error: { error: 'forbidden', message: 'only the kiosk-exit prompt may leave kiosk mode' } };
    }
    try {
      await opts.checkPin(typeof pin === 'string' && pin.length <= 64 ? pin : undefined, 'app');
    } catch (e) {
      const error: ErrorBody = isAppError(e) ? errorBodyOf(e) : { error: 'internal', message: 'the PIN could not be checked' };
      return { ok: false, error };
    }
    if (action === 'display') {
      opts.moveDisplay?.();
      return { ok: true, value: { moved: true } };
    }
    opts.leave();
    return { ok: true, value: { left: true } };
  });
  return () => ipcMain.removeHandler(KIOSK_EXIT_CHANNEL);
}
