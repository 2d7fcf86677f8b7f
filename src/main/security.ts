// The security policy of the desktop app (Electron's security checklist), as
// pure functions where possible so tests can run them without Electron:
// app files come only from app://swipequeue/ (dist/renderer), every response
// carries a strict CSP, navigation and new windows stay inside the app, and
// permission requests are denied except the few the display needs.
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'swipequeue';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The window a route opens; the renderer routes by hash (`#/desk`, `#/caller/A`, `#/display`, `#/admin`). */
export const appUrl = (hashRoute: string): string => `${APP_ORIGIN}/index.html#${hashRoute}`;

/** True only for a URL of the app's own origin (`app://swipequeue/…`). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url === '') return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export { CONTENT_SECURITY_POLICY } from '../shared/csp.js';

/** Headers on every app:// response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const mimeTypeOf = (file: string): string => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Maps `app://swipequeue/<path>` to a file under `rootDir`, or null when the
 * URL is not the app's or would leave the folder (`..`, `%2e%2e%2f`, `%5c`,
 * absolute paths, NUL bytes). `/` is index.html.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  // App files never contain these; refusing them outright also covers
  // Windows separators and drive letters a Linux test would not exercise.
  if (path.includes('\0') || path.includes('\\') || path.includes(':')) return null;
  if (path.split('/').some((segment) => segment === '..')) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${path}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The `protocol.handle('app', …)` handler: files of `rootDir` with the CSP,
 * plus the shell's own few pages (`builtIns`, by path), nothing else.
 */
export function createAppProtocolHandler(
  rootDir: string,
  builtIns: Readonly<Record<string, { type: string; body: string }>> = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const path = isAppUrl(request.url) ? new URL(request.url).pathname : '';
    const builtIn = Object.hasOwn(builtIns, path) ? builtIns[path] : undefined;
    if (builtIn !== undefined) {
      return new Response(request.method === 'HEAD' ? null : builtIn.body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': builtIn.type, 'cache-control': 'no-cache' },
      });
    }
    const file = resolveAppFile(rootDir, request.url);
    if (file === null) return plain(403, 'forbidden');
    try {
      const info = await stat(file);
      if (!info.isFile()) return plain(404, 'not found');
      const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
      return new Response(body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': mimeTypeOf(file), 'cache-control': 'no-cache' },
      });
    } catch {
      return plain(404, 'not found');
    }
  };
}

/**
 * Permissions the app grants, and only to its own origin: the display goes
 * full screen and may pick its speaker. Playing audio and speaking
 * (speechSynthesis) need no permission; camera, microphone, geolocation,
 * notifications, HID/serial from a page and the rest are denied: hardware
 * stays in the main process.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'speaker-selection']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** Session-wide locks: permissions, devices, downloads of remote content. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl ?? contents?.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin === '' ? undefined : `${requestingOrigin}/`),
  );
  session.setDevicePermissionHandler(() => false);
  // No remote content, whatever a page tries (img src, fetch, audio).
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isLocalRequest(details.url) });
  });
}

/** URLs a page of the app may load: its own files, data: and blob: made by the page, devtools. */
export function isLocalRequest(url: string): boolean {
  if (isAppUrl(url) || /^data:/i.test(url) || /^devtools:/i.test(url)) return true;
  if (/^blob:/i.test(url)) return isAppUrl(url.slice('blob:'.length));
  return false;
}

/** Per-window locks: no navigation away, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Windows are opened by main only (desk, caller, display); a page never opens one.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
