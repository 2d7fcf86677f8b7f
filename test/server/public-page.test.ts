// A student's phone over HTTP: the QR on the printed ticket links to
// `<--public-url>/t/<code>`; that page and its JSON need no token, unknown codes
// are 404, answers are limited per address (429 with Retry-After), and every
// other /api route still needs the token.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { parsePublicUrl } from '../../src/cli/commands/serve.js';
import { rasterToRgba, readEscPos } from '../hardware/printer/escpos-reader.js';
import { api, makeStudents, setUpDay, startServe, until, type ServeProcess } from './helpers.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const TOKEN = 'phone-test-secret';
const PUBLIC = 'http://phones.example:8740';
const students = makeStudents(3);

describe('serve --public-url: the ticket QR, the public JSON, the token everywhere else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-phone-serve-'));
  const paper = join(dir, 'lp0');
  let serve: ServeProcess;
  let code = '';

  beforeAll(async () => {
    serve = await startServe(['--db', join(dir, 'day.db'), '--port', '0', '--reader', 'none', '--printer', `file:${paper}`, '--token', TOKEN, '--public-url', `${PUBLIC}/`]);
    await setUpDay(serve.url, students, TOKEN);
    const checked = await api(serve.url, 'POST', '/api/checkins', { body: { studentId: students[0]!.studentId }, token: TOKEN });
    expect(checked).toMatchObject({ status: 201, body: { ticket: '0001A', print: 'queued' } });
    await until(() => readEscPos(readFileSync(paper, { flag: 'a+' })).cuts === 1, 'the printed ticket');
  });
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where the QR codes link, and the printed QR holds <public url>/t/<code>', () => {
    expect(serve.stderr()).toContain(`ticket QR codes link to ${PUBLIC}/t/<code>`);
    const [raster] = readEscPos(readFileSync(paper)).rasters;
    const img = rasterToRgba(raster!);
    const link = jsQR(img.rgba, img.width, img.height)?.data ?? '';
    const m = /^http:\/\/phones\.example:8740\/t\/([A-Za-z0-9_-]{16})$/.exec(link);
    expect(m, link).not.toBeNull();
    code = m![1]!;
  });

  it('GET /api/public/tickets/<code> answers without a token, with exactly the public keys', async () => {
    const res = await api(serve.url, 'GET', `/api/public/tickets/${code}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ticket: '0001A', station: 'A', room: '7-115', status: 'waiting', ahead: 0, calling: [] });
  });

  it('an unknown code is 404 unknown-code; the rest of /api still needs the token', async () => {
    expect(await api(serve.url, 'GET', '/api/public/tickets/AAAAAAAAAAAAAAAA')).toMatchObject({ status: 404, body: { error: 'unknown-code' } });
    expect(await api(serve.url, 'GET', '/api/public/tickets/%E4%B8%AD')).toMatchObject({ status: 404, body: { error: 'unknown-code' } });
    expect((await fetch(`${serve.url}/t/${code}`)).status).toBe(200);
    expect((await fetch(`${serve.url}/t/AAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${serve.url}/t/%E4%B8%AD`)).status).toBe(404);
    for (const path of ['/api/queue?station=A', '/api/tickets/0001A', '/api/display', '/api/event']) {
      expect(await api(serve.url, 'GET', path), path).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    }
  });

  it('limits each address: past the burst, 429 too-many-requests with Retry-After', async () => {
    let refused: Awaited<ReturnType<typeof api>> | null = null;
    let allowed = 0;
    for (let i = 0; i < 260 && refused === null; i++) {
      const res = await api(serve.url, 'GET', `/api/public/tickets/${code}`);
      if (res.status === 429) refused = res;
      else allowed++;
    }
    expect(allowed).toBeGreaterThanOrEqual(110); // the burst of 120, less what the earlier tests used
    expect(refused).toMatchObject({ status: 429, body: { error: 'too-many-requests', retryAfter: expect.any(Number) } });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('the ticket page is the renderer, served at /t/<code> with its assets', () => {
  let kiosk: Kiosk;
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'sq-phone-ui-'));
  beforeAll(async () => {
    const ui = join(dir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script><div id="root">kiosk-ui</div>');
    writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("app")');
    kiosk = await openKiosk({ dbFile: join(dir, 'day.db') });
    server = await startServer({ kiosk, host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: ui });
  });
  afterAll(async () => {
    await server.close();
    await kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /t/<code> is the page without a token (404 for an unknown code, the page saying so), and ./assets/… resolves under /t/', async () => {
    const page = await fetch(`${server.url}/t/q3X9vK2mW8pL5nR7`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('kiosk-ui');
    const js = await fetch(`${server.url}/t/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('the public address', () => {
  it('--public-url takes scheme, host and port only', () => {
    expect(parsePublicUrl('http://192.168.1.20:8740')).toBe('http://192.168.1.20:8740');
    expect(parsePublicUrl('https://queue.example.edu/')).toBe('https://queue.example.edu');
    for (const bad of ['192.168.1.20:8740', 'ftp://x', 'http://x/queue', 'http://x/?a=1', 'not a url']) expect(() => parsePublicUrl(bad), bad).toThrow(/--public-url/);
  });

  it('a bad --public-url is bad usage, exit 2, before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sq-phone-bad-'));
    try {
      await expect(startServe(['--db', join(dir, 'day.db'), '--port', '0', '--public-url', 'http://x/queue'])).rejects.toThrow(/serve exited \(2\).*--public-url/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
