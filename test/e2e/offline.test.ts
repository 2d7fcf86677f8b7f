// The server goes away and comes back: every screen says so within seconds, keeps
// retrying and recovers by itself; the display follows the calls even when its live
// socket cannot get through (it polls). Real `swipequeue serve`, stopped with SIGTERM
// and started again on the same port and database.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { api, poll, screenshot, seedDay, SIZES, startSession, type E2eSession, type Server } from './helpers.js';

let e2e: E2eSession;
let db = '';
let server: Server;

beforeAll(async () => {
  e2e = await startSession('sq-offline-');
  db = seedDay(e2e.dir);
  server = await e2e.serve({ db });
}, 90_000);

afterAll(async () => {
  await e2e?.close();
});

const banner = (page: Page) => page.getByTestId('offline-banner').count();
/** Generous: the server's restart (a tsx child process) and the probes share 2 busy cores. */
const slowPoll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });

describe('offline', () => {
  it('a display whose live socket is refused still follows the calls: it polls', async () => {
    const display = await e2e.open('/display', {
      // A proxy that drops WebSockets: every connection is closed at once.
      prepare: (page) => page.routeWebSocket(/\/api\/live/, (ws) => ws.close()),
    });
    await poll(() => display.getByTestId('calling-A').textContent()).toBe(zhCN.display.notCalling);
    expect((await api(server.url, '/api/checkins', { method: 'POST', body: { studentId: '2020001' } })).status).toBe(201);
    expect((await api(server.url, '/api/stations/A/call-next', { method: 'POST' })).status).toBe(200);
    await slowPoll(() => display.getByTestId('calling-A').textContent()).toBe('0001A');
    // The server answers: no offline banner for a missing socket alone.
    expect(await banner(display)).toBe(0);
    await display.context().close();
  });

  it('desk, caller and display show the banner within seconds after the server stops, and recover by themselves', async () => {
    const desk = await e2e.open('/desk');
    const caller = await e2e.open('/caller/A');
    const display = await e2e.open('/display');
    await poll(() => desk.textContent('body')).toContain(zhCN.desk.prompt);
    await poll(() => caller.getByTestId('caller-current').textContent()).toBe('0001A');
    await poll(() => display.getByTestId('calling-A').textContent()).toBe('0001A');
    for (const page of [desk, caller, display]) expect(await banner(page)).toBe(0);

    await server.stop();
    for (const page of [desk, caller, display]) await poll(() => banner(page)).toBe(1);
    expect(await desk.getByTestId('offline-banner').textContent()).toBe(zhCN.app.offline);
    await screenshot(caller, 'caller-offline', [SIZES.tablet]);
    await screenshot(display, 'display-offline', [SIZES.tv]);

    server = await e2e.serve({ db, port: server.port });
    for (const page of [desk, caller, display]) await slowPoll(() => banner(page)).toBe(0);
    // Back for real: a call made now reaches the caller and the display.
    await api(server.url, '/api/checkins', { method: 'POST', body: { studentId: '2020002' } });
    await api(server.url, '/api/tickets/0001A/photographed', { method: 'POST' });
    await api(server.url, '/api/stations/A/call-next', { method: 'POST' });
    await slowPoll(() => caller.getByTestId('caller-current').textContent()).toBe('0002A');
    await slowPoll(() => display.getByTestId('calling-A').textContent()).toBe('0002A');
  });

  it('every page ran without uncaught errors or CSP refusals', () => {
    expect(e2e.problems).toEqual([]);
  });
});
