// HTTP routes derived from the contract: one loop, no operation named. Input =
// path params + query (GET) or JSON body (others), handed to the kiosk's one
// door (src/core/kiosk.ts `call`), which parses and admits it; every failure a
// client can cause answers 4xx `{"error": "<code>", "message": "<plain words>"}`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kiosk } from '../core/kiosk.js';
import { operations, opNames, type CallContext, type ErrorBody } from '../shared/contract.js';
import type { Role } from '../shared/operations.js';
import { callerOf, parseStatedScreen } from './auth.js';
import { badInput, errorBodyOf, httpStatusOf, isAppError } from '../shared/errors.js';
import type { ExportFile } from '../shared/types.js';

/** Who the request is, as the auth hook of src/server/server.ts established it. */
export interface Caller {
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** The token's role, narrowed to the screen the page states (`X-Station-Role: caller:A`), which also names the actor. */
export function callContext(req: FastifyRequest): CallContext {
  const { role, actor } = callerOf(req.caller?.role ?? 'public', parseStatedScreen(headerValue(req, 'x-station-role')));
  const pin = headerValue(req, 'x-admin-pin');
  const ctx: CallContext = {
    role,
    actor,
    // Wrong PINs count against the address they came from.
    device: req.ip,
  };
  if (pin !== undefined && pin !== '') ctx.pin = pin;
  return ctx;
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** Path params win over body keys of the same name (the URL names the ticket). */
function rawInput(req: FastifyRequest, method: string): Record<string, unknown> {
  const params = (req.params ?? {}) as Record<string, string>;
  if (method === 'GET' || method === 'DELETE') return { ...(req.query as Record<string, unknown>), ...params };
  const body = req.body;
  if (body === undefined || body === null) return { ...params };
  if (!isPlainObject(body)) throw badInput('bad-request', 'the request body must be a JSON object');
  return { ...body, ...params };
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` so 签到表.pdf survives every browser. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(Buffer.from(file.base64, 'base64'));
}

/** One route per operation, from its facts in src/shared/operations.ts; `call` does the rest. */
export function registerApiRoutes(app: FastifyInstance, kiosk: Pick<Kiosk, 'call'>): void {
  for (const name of opNames) {
    const op = operations[name];
    const { method, path, status } = op.http;
    app.route({
      method,
      url: path,
      bodyLimit: op.bodyLimit,
      config: { api: true, public: op.access === 'public' },
      handler: async (req, reply) => {
        const result = await kiosk.call(name, rawInput(req, method), callContext(req));
        if (op.answers === 'file') return sendFile(reply, result as ExportFile);
        reply.code(status ?? 200);
        // `null` (no active event) must go out as JSON, not an empty body.
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? null));
      },
    });
  }
}

/** Maps anything thrown to a status and the contract's error body. */
export function errorReply(err: unknown): { status: number; body: ErrorBody } {
  if (isAppError(err)) return { status: httpStatusOf(err.kind), body: errorBodyOf(err) };
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) return { status, body: fastifyClientError(fe, status) };
  return { status: 500, body: { error: 'internal', message: 'the kiosk hit an unexpected problem; see the server log' } };
}

function fastifyClientError(fe: Partial<FastifyError>, status: number): ErrorBody {
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: 'too-large', message: 'the request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: 'unsupported-media-type', message: 'send the body as JSON with Content-Type: application/json' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: 'bad-request', message: 'the Content-Length header does not match the body' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: 'bad-request', message: 'the request body is not valid JSON' };
    case 'FST_ERR_BAD_URL':
      return { error: 'bad-request', message: 'the URL is malformed (bad percent-encoding)' };
    default:
      if (fe instanceof SyntaxError) return { error: 'bad-request', message: `the request body is not valid JSON (${fe.message})` };
      return { error: status === 404 ? 'not-found' : 'bad-request', message: fe.message ?? 'bad request' };
  }
}

