// HTTP routes derived from the contract: one loop, no per-operation code except
// the export download. Input = path params + query (GET) or JSON body (others),
// parsed with the operation's zod schema; every failure a client can cause
// answers 4xx `{"error": "<code>", "message": "<plain words>"}`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type core } from 'zod';
import { contract, opNames, type CallContext, type ErrorBody, type Handlers, type OpName } from '../shared/contract.js';
import { describeZodError } from '../shared/schemas.js';
import { httpStatusOf, isAppError } from '../shared/errors.js';
import type { ExportFile } from '../shared/types.js';
import { PinThrottle } from './pin-throttle.js';

/** Roster uploads carry the file as base64 (schema allows 70 M characters). */
export const ROSTER_BODY_LIMIT = 72 * 1024 * 1024;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const STATION_ROLES = new Set(['desk', 'caller', 'display', 'admin']);

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function callContext(req: FastifyRequest): CallContext {
  const role = headerValue(req, 'x-station-role');
  const pin = headerValue(req, 'x-admin-pin');
  const ctx: CallContext = { actor: role !== undefined && STATION_ROLES.has(role) ? role : 'api' };
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
  if (!isPlainObject(body)) throw new HttpError(400, 'bad-request', 'the request body must be a JSON object');
  return { ...body, ...params };
}

/**
 * zod's union failure says only "Invalid input"; name the closest branch's
 * problems instead (fewest issues), e.g. `studentId: expected string, received number`.
 */
export function describeInputError(err: ZodError): string {
  const flatten = (issues: readonly core.$ZodIssue[], prefix: PropertyKey[]): core.$ZodIssue[] =>
    issues.flatMap((i) => {
      if (i.code === 'invalid_union' && i.errors.length > 0) {
        const best = i.errors.reduce((a, b) => (b.length < a.length ? b : a));
        return flatten(best, [...prefix, ...i.path]);
      }
      return [{ ...i, path: [...prefix, ...i.path], message: i.message.replace(/^Invalid input: /, '') } as core.$ZodIssue];
    });
  return describeZodError(new ZodError(flatten(err.issues, [])));
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` so 签到表.pdf survives every browser. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendExport(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(Buffer.from(file.base64, 'base64'));
}

/** True when this call hands core a PIN to check: an admin operation with X-Admin-Pin, or a `pin` in the input. */
function triesPin(name: OpName, req: FastifyRequest, input: unknown): boolean {
  if (isPlainObject(input) && typeof input.pin === 'string') return true;
  return headerValue(req, 'x-admin-pin') !== undefined && contract[name].admin;
}

/** `overrides` replace single operations (the server answers `health` itself). */
export function registerApiRoutes(
  app: FastifyInstance,
  handlers: Handlers,
  overrides: Partial<Handlers> = {},
  pinThrottle: PinThrottle = new PinThrottle(),
): void {
  for (const name of opNames) {
    const op = contract[name];
    const { method, path, status } = op.http;
    app.route({
      method,
      url: path,
      bodyLimit: name === 'importRoster' ? ROSTER_BODY_LIMIT : DEFAULT_BODY_LIMIT,
      // GET /api/health is the one route that needs no token (§1.6).
      config: { api: true, public: name === 'health' },
      handler: async (req, reply) => {
        const parsed = op.input.safeParse(rawInput(req, method));
        if (!parsed.success) throw new HttpError(400, 'bad-request', describeInputError(parsed.error));
        const pinAttempt = triesPin(name, req, parsed.data);
        if (pinAttempt) {
          const wait = pinThrottle.retryAfter(req.ip);
          if (wait > 0) throw new HttpError(429, 'too-many-attempts', `too many wrong admin PINs from this device; try again in ${wait} s`, { retryAfter: wait });
        }
        const handler = (overrides[name] ?? handlers[name]) as (this: unknown, input: unknown, ctx: CallContext) => unknown;
        let result: unknown;
        try {
          result = await handler.call(handlers, parsed.data, callContext(req));
        } catch (e) {
          if (pinAttempt && isAppError(e) && e.code === 'bad-pin') pinThrottle.fail(req.ip);
          throw e;
        }
        if (pinAttempt) {
          if (name === 'verifyPin' && (result as { ok: boolean }).ok !== true) pinThrottle.fail(req.ip);
          else pinThrottle.succeed(req.ip);
        }
        if (name === 'exportFile') return sendExport(reply, result as ExportFile);
        reply.code(status ?? 200);
        // `null` (no active event) must go out as JSON, not an empty body.
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? null));
      },
    });
  }
}

/** Maps anything thrown to a status and the contract's error body. */
export function errorReply(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.status, body: { ...err.details, error: err.code, message: err.message } };
  if (isAppError(err)) {
    return { status: httpStatusOf(err.kind), body: { ...err.details, error: err.code, message: err.message } };
  }
  if (err instanceof ZodError) return { status: 400, body: { error: 'bad-request', message: describeInputError(err) } };
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

