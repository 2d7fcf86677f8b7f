// The security policy as pure functions: the app:// protocol handler over a
// real folder, path traversal refused, the CSP, the origin and permission checks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUrl,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isAppUrl,
  isLocalRequest,
  isPermissionGranted,
  resolveAppFile,
} from '../../src/main/security.js';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sq-proto-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>刷证排号</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', '叫号.mp3'), Buffer.from([0xff, 0xfb, 0x90]));
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
  writeFileSync(join(base, 'swipequeue.db'), 'not for pages');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, 'app://swipequeue/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://swipequeue/index.html#/caller/A')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://swipequeue/assets/index-abc.js?v=1')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://swipequeue/assets/%E5%8F%AB%E5%8F%B7.mp3')).toBe(join(root, 'assets', '叫号.mp3'));
  });

  it.each([
    'app://swipequeue/../secret.txt',
    'app://swipequeue/assets/../../secret.txt',
    'app://swipequeue/%2e%2e/secret.txt',
    'app://swipequeue/..%2fsecret.txt',
    'app://swipequeue/%2E%2E%2Fswipequeue.db',
    'app://swipequeue/assets/..%5c..%5csecret.txt',
    'app://swipequeue/%2fetc%2fpasswd',
    'app://swipequeue/C:%5cWindows%5cwin.ini',
    'app://swipequeue/index.html%00.js',
    'app://swipequeue/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://swipequeue/index.html',
    'not a url',
  ])('never leaves the renderer folder for %s', async (url) => {
    const file = resolveAppFile(root, url);
    // Refused outright, or (after URL normalisation of plain `..`) a path still inside the folder.
    if (file !== null) expect(file.startsWith(root + sep)).toBe(true);
    if (!url.startsWith('app://swipequeue/')) expect(file).toBeNull();
    if (URL.canParse(url)) {
      const res = await createAppProtocolHandler(root)(new Request(url));
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toContain('outside');
    }
  });

  it('refuses every encoded escape outright rather than normalising it', () => {
    expect(resolveAppFile(root, 'app://swipequeue/..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://swipequeue/%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://swipequeue/assets/..%5c..%5csecret.txt')).toBeNull();
  });
});

describe('the app:// protocol handler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves index.html with the CSP and a content type', async () => {
    const res = await handler()(new Request('app://swipequeue/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('刷证排号');
  });

  it('serves scripts and audio with their types', async () => {
    const js = await handler()(new Request('app://swipequeue/assets/index-abc.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const mp3 = await handler()(new Request('app://swipequeue/assets/%E5%8F%AB%E5%8F%B7.mp3'));
    expect(mp3.status).toBe(200);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect(new Uint8Array(await mp3.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xfb, 0x90]));
  });

  it('answers 403 to traversal and 404 to missing files and folders, with the CSP too', async () => {
    const traversal = await handler()(new Request('app://swipequeue/..%2fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('outside');
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler()(new Request('app://swipequeue/nope.js'))).status).toBe(404);
    expect((await handler()(new Request('app://swipequeue/assets'))).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler()(new Request('app://swipequeue/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handler()(new Request('app://swipequeue/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });
});

describe('the content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }));

  it('allows nothing by default and scripts only from the app', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('has no unsafe keyword and names no remote host', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|wss?:/);
  });
});

describe('origin and permission checks', () => {
  it('recognises only the app origin', () => {
    expect(isAppUrl(appUrl('/display'))).toBe(true);
    expect(appUrl('/caller/A')).toBe('app://swipequeue/index.html#/caller/A');
    for (const url of ['app://swipequeue.evil/', 'app://user@swipequeue/', 'https://swipequeue/', 'file:///index.html', '', null, undefined]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('lets pages load only app files, data: and their own blobs', () => {
    expect(isLocalRequest('app://swipequeue/assets/a.js')).toBe(true);
    expect(isLocalRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isLocalRequest('blob:app://swipequeue/0b8f-11')).toBe(true);
    expect(isLocalRequest('blob:https://evil.example/0b8f')).toBe(false);
    expect(isLocalRequest('https://fonts.example/font.woff2')).toBe(false);
    expect(isLocalRequest('ws://192.168.1.5:8080/api/live')).toBe(false);
    expect(isLocalRequest('file:///etc/passwd')).toBe(false);
  });

  it('grants full screen and speaker choice to the app, nothing else to anyone', () => {
    expect(isPermissionGranted('fullscreen', 'app://swipequeue/index.html#/display')).toBe(true);
    expect(isPermissionGranted('speaker-selection', 'app://swipequeue/')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'clipboard-read', 'openExternal', 'midi']) {
      expect(isPermissionGranted(p, 'app://swipequeue/')).toBe(false);
    }
  });
});

describe('the shell’s own kiosk-exit page', () => {
  it('is served from memory with the CSP, and its script is a file, not inline', async () => {
    const { SHELL_FILES, KIOSK_EXIT_URL } = await import('../../src/main/kiosk-exit.js');
    const handler = createAppProtocolHandler(root, SHELL_FILES);
    const page = await handler(new Request(KIOSK_EXIT_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).toContain('<script src="/__shell/kiosk-exit.js"></script>');
    expect(html).not.toMatch(/<script>|<style>|on[a-z]+="/);
    expect((await handler(new Request('app://swipequeue/__shell/kiosk-exit.js'))).headers.get('content-type')).toMatch(/^text\/javascript/);
    // Only the listed paths: anything else under __shell is looked up on disk and missing.
    expect((await handler(new Request('app://swipequeue/__shell/constructor'))).status).toBe(404);
  });
});
