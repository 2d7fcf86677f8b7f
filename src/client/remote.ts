// A kiosk server seen from another machine: each operation of the contract
// as an HTTP request (src/shared/http-request.ts), every failure an AppError
// with the server's code, and `offline` when the server cannot be reached.
import type { OpInput, OpName, OpOutput } from '../shared/contract.js';
import { AppError, badInput, type ErrorCode, type ErrorKind } from '../shared/errors.js';
import { buildRequest, errorFromResponse, fileNameFromDisposition, type RequestContext } from '../shared/http-request.js';
import { operations } from '../shared/operations.js';
import type { ExportFile } from '../shared/types.js';

export interface RemoteOptions {
  /** The server's origin, e.g. `http://192.168.1.10:8740` (see parseServerUrl). */
  server: string;
  token?: string | null;
  /** A request that takes longer is given up (the server is away). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Who calls, for the server's audit log: the screen's role and, for a desk at another door, its name. */
export type RemoteContext = Omit<RequestContext, 'token'>;

export interface Remote {
  readonly server: string;
  call<K extends OpName>(name: K, input: OpInput<K>, ctx?: RemoteContext): Promise<OpOutput<K>>;
  /** A JSON POST to a route outside the contract's table (a server newer than this client). */
  post(path: string, body: unknown, ctx?: RemoteContext): Promise<unknown>;
}

/** `http://host:port` from what the operator typed; refuses anything but a plain http(s) origin. */
export function parseServerUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw badInput('bad-server', `--server ${text}: expected the kiosk server's address, like http://192.168.1.10:8740`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badInput('bad-server', `--server ${text}: expected an http:// or https:// address`);
  if (u.username !== '' || u.password !== '') throw badInput('bad-server', `--server ${text}: put the token in --token, not in the address`);
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') {
    throw badInput('bad-server', `--server ${text}: expected the server's address only, like ${u.origin}`);
  }
  return u.origin;
}

const KIND_BY_STATUS: Record<number, ErrorKind> = { 400: 'bad-input', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 429: 'rate-limited', 503: 'unavailable' };

/** The server's error body as an AppError, its HTTP status kept in `details.status`. */
export function remoteError(status: number, text: string): AppError {
  const { body } = errorFromResponse(status, text);
  const { error, message, ...details } = body;
  return new AppError(KIND_BY_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'bad-input'), error as ErrorCode, message, { ...details, status });
}

/**
 * True for failures that say nothing about the request itself: the server is
 * away, busy or restarting, or the token is wrong or lacks the role (fixed by
 * the operator, after which the same request goes through).
 */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof AppError)) return true;
  if (e.code === 'offline') return true;
  const status = typeof e.details.status === 'number' ? e.details.status : 0;
  return status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;
}

export function createRemote(opts: RemoteOptions): Remote {
  const server = parseServerUrl(opts.server);
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const timeoutMs = opts.timeoutMs ?? 10_000;

  const send = async (method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(new URL(path, server), { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
      throw new AppError('unavailable', 'offline', `cannot reach the kiosk server at ${server} (${why})`);
    }
    if (!res.ok) throw remoteError(res.status, await res.text().catch(() => ''));
    return res;
  };

  return {
    server,
    async call(name, input, ctx = {}) {
      const req = buildRequest(name, input, { ...ctx, token: opts.token ?? null });
      const res = await send(req.method, req.url, req.headers, req.body);
      if (operations[name].answers === 'file') {
        const file: ExportFile = {
          fileName: fileNameFromDisposition(res.headers.get('content-disposition'), name),
          mime: res.headers.get('content-type') ?? 'application/octet-stream',
          base64: Buffer.from(await res.arrayBuffer()).toString('base64'),
        };
        return file as OpOutput<typeof name>;
      }
      const text = await res.text();
      return (text === '' ? null : JSON.parse(text)) as OpOutput<typeof name>;
    },
    async post(path, body, ctx = {}) {
      const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (ctx.role) headers['x-station-role'] = ctx.role;
      const res = await send('POST', path, headers, JSON.stringify(body));
      const text = await res.text();
      return text === '' ? null : (JSON.parse(text) as unknown);
    },
  };
}
