// The one page the shell ships itself: the admin PIN prompt that leaves kiosk
// mode (Ctrl+Shift+Q). It talks through the same preload as every page: it
// calls verifyPin, and main leaves kiosk mode when a PIN from this page
// (route #/kiosk-exit) is right. Served under app://swipequeue/__shell/, with
// the same CSP: the script is a file, not inline.
export const KIOSK_EXIT_ROUTE = '/kiosk-exit';
export const KIOSK_EXIT_URL = `app://swipequeue/__shell/kiosk-exit.html#${KIOSK_EXIT_ROUTE}`;

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
    const result = await window.swipequeue.verifyPin({ pin: pin.value });
    if (!result.ok) message.textContent = 'PIN 不对，请再试一次';
  } catch (error) {
    message.textContent = error && error.message ? error.message : String(error);
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
