// `swipequeue serve`'s HTTP side: the contract's routes under /api, the live
// WebSocket on /api/live, the built renderer at /. No CORS: browsers on other
// origins get nothing; LAN stations authenticate with the token (docs/interfaces.md §1.6).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ServedAccess } from '../core/access.js';
import type { Kiosk } from '../core/kiosk.js';
import { reachableBases } from './addresses.js';
import { bearerToken, originProblem, roleOfToken, roleTokens } from './auth.js';
import { createLiveHub } from './live.js';
import { createLogger, redactUrl } from '../core/log-file.js';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { DEFAULT_BODY_LIMIT } from '../shared/operations.js';
import { AppError, isAppError } from '../shared/errors.js';
import { callContext, errorReply, registerApiRoutes } from './routes.js';

export interface ServerOptions {
  kiosk: Kiosk;
  host: string;
  port: number;
  /**
   * The admin secret. When set, every /api route but the public ones needs
   * `Authorization: Bearer <token>`; the token's role (src/server/auth.ts) is the caller's.
   */
  token?: string | null;
  /** The built renderer (dist/renderer); when it has no index.html, / says how to build it. */
  rendererDir?: string | null;
  /** Rotating log file; null = no logs. */
  logFile?: string | null;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Where stations reach this server and each role's token (the station links). */
  access: ServedAccess;
  /**
   * Closes the live sockets first, stops accepting, lets requests in flight
   * finish, then cuts connections that carry none (spare or half-sent). Does not close the kiosk.
   */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: boolean;
    public?: boolean;
  }
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>swipequeue</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>刷证排号 swipequeue</h1>
<p>The kiosk is running and its API answers at <code>/api</code>, but the user interface is not built.</p>
<p>Run <code>npm run build</code> in the swipequeue folder, then restart <code>swipequeue serve</code>.</p>
</body></html>`;

function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  return /^\/api(\/|$)/i.test(path) || /^\/api(\/|$)/i.test(decoded);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? null;
  const tokens = token === null ? null : roleTokens(token);
  let closing = false;
  // The port browsers name in Host; known once listening (port 0 picks one).
  let listeningPort = opts.port;
  const { logger, close: closeLog } = createLogger(opts.logFile ?? null);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request from onResponse below, instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // A half-sent request must not hold a connection for ever.
    requestTimeout: 120_000,
    // Malformed URLs and the like, found before routing.
    frameworkErrors(err, _req, reply) {
      const { status, body } = errorReply(err);
      void (reply as FastifyReply).code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
    },
    // Requests Node's HTTP parser rejects (bad characters, huge headers) still get the error body.
    clientErrorHandler(err: NodeJS.ErrnoException, socket) {
      if (err.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const [status, reason, code, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'too-large', 'the request headers are too large']
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'Request Timeout', 'timeout', 'the request took too long to arrive']
            : [400, 'Bad Request', 'bad-request', 'the HTTP request is malformed (URLs must be percent-encoded)'];
      const body = JSON.stringify({ error: code, message });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });

  // Only JSON bodies: a text/plain or form POST (which a web page can send
  // cross-site without a preflight) is refused with 415 before any handler.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // POST /api/stations/A/call-next needs no body; accept an empty one.
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    parseJson(req, body as string, done);
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const api = req.routeOptions.config?.api === true || isApiPath(req.url);
    if (!api) return;
    const problem = originProblem(req.headers, { tokenSet: tokens !== null, port: listeningPort });
    if (problem !== null) throw new AppError('forbidden', 'forbidden', problem);
    // Without a token the kiosk is loopback-only and whoever reaches it is the operator.
    if (tokens === null) {
      req.caller = { role: 'admin' };
      return;
    }
    const role = roleOfToken(tokens, bearerToken(req.headers));
    if (role !== null) {
      req.caller = { role };
      return;
    }
    if (req.routeOptions.config?.public === true) {
      req.caller = { role: 'public' };
      return;
    }
    throw new AppError('unauthorized', 'unauthorized', 'this kiosk needs its access token: send Authorization: Bearer <token>');
  });

  app.addHook('onSend', async (_req, reply: FastifyReply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // The UI URL may carry ?token=; never leak it in a Referer.
    reply.header('referrer-policy', 'no-referrer');
    // As a header (the page's meta tag cannot forbid framing): no other site may frame the kiosk.
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
    // Shutting down: the answer to the request in flight is the connection's last.
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: redactUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = errorReply(err);
    if (typeof body.retryAfter === 'number') reply.header('retry-after', String(body.retryAfter));
    if (status >= 500) req.log.error({ err, url: redactUrl(req.url) }, 'request failed');
    else req.log.info({ code: body.error, url: redactUrl(req.url) }, body.message);
    return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  });

  registerApiRoutes(app, opts.kiosk);

  const rendererDir = opts.rendererDir ?? null;
  const uiBuilt = rendererDir !== null && existsSync(join(rendererDir, 'index.html'));
  if (uiBuilt) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/', index: 'index.html', cacheControl: false });
    // A ticket's page /t/<code> is the renderer too (index.html, below); its relative
    // asset links (./assets/…) resolve under /t/.
    await app.register(fastifyStatic, { root: join(rendererDir, 'assets'), prefix: '/t/assets/', decorateReply: false, cacheControl: false });
  }

  app.setNotFoundHandler((req, reply) => {
    if (isApiPath(req.url)) {
      return reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ error: 'not-found', message: `no such API route: ${req.method} ${redactUrl(req.url).split('?')[0]}` }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify({ error: 'not-found', message: 'not found' }));
    }
    // Single-page app: every other path is a screen of the renderer (/desk, /caller, /display, a ticket's /t/<code>).
    const page = (status: number) =>
      uiBuilt ? reply.code(status).header('cache-control', 'no-cache').sendFile('index.html') : reply.code(status).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    const ticketCode = /^\/t\/([^/?#]+)\/?(?:\?|$)/.exec(req.url)?.[1];
    if (ticketCode === undefined) return page(200);
    // A ticket's page says itself that the code is unknown (its JSON call answers 404 too); the status
    // tells a link checker. Looked up through the same public operation, so the same rate limit applies.
    // Codes are URL-safe: one that needs decoding is not one (the operation answers unknown-code).
    return opts.kiosk.call('publicTicket', { code: ticketCode }, callContext(req)).then(
      () => page(200),
      (e: unknown) => {
        if (isAppError(e) && (e.kind === 'not-found' || e.kind === 'bad-input')) return page(404);
        throw e;
      },
    );
  });

  // Requests in flight, counted on the raw server so aborted and refused ones count too.
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  app.server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
  });

  const hub = createLiveHub(logger);
  app.server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://kiosk.invalid');
    if (url.pathname !== '/api/live') return refuse(404, 'Not Found');
    if (closing) return refuse(503, 'Service Unavailable');
    if (originProblem(req.headers, { tokenSet: tokens !== null, port: listeningPort }) !== null) return refuse(403, 'Forbidden');
    // Browsers cannot set headers on a WebSocket: the token rides in the query. Every screen listens: any role's token.
    if (tokens !== null && roleOfToken(tokens, url.searchParams.get('token') ?? bearerToken(req.headers)) === null) {
      return refuse(401, 'Unauthorized');
    }
    hub.handleUpgrade(req, socket, head);
  });
  const unsubscribe = opts.kiosk.subscribe((event) => hub.broadcast(event));

  await app.listen({ host: opts.host, port: opts.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  listeningPort = port;
  const hostInUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  logger.info({ host: opts.host, port, auth: token !== null, ui: uiBuilt }, 'listening');
  const access: ServedAccess = { bases: reachableBases(opts.host, port), tokens };
  opts.kiosk.setServedAccess(access);

  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    access,
    async close() {
      if (closing) return;
      closing = true;
      opts.kiosk.setServedAccess(null);
      unsubscribe();
      await hub.close();
      const closed = app.close();
      // A browser's spare connection or a request cut short would hold close() until its timeout.
      if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
      app.server.closeAllConnections();
      await closed;
      logger.info('server closed');
      closeLog();
    },
  };
}
