// One operation as an HTTP request, from its facts in ./operations.ts: path
// params from the input, GET -> query string, others -> JSON body; and any
// answer's error as an ApiError. Used by the browser's bridge
// (src/renderer/api/http-bridge.ts) and by clients of a kiosk server in Node
// (src/client: the forwarder of a second door, the desktop app as a desk).
import { ApiError, type ErrorBody } from './contract.js';
import { operations, type OpName } from './operations.js';

export interface HttpRequest {
  method: string;
  /** Path and query, relative to the server's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RequestContext {
  token?: string | null;
  /** The screen stated (`X-Station-Role`): `desk`, `caller:A`, `desk:<URI-encoded name>` (see statedDesk) …; the server narrows the token's role to it and names the audit actor. */
  role?: string | null;
  pin?: string | null;
}

/** The stated screen of a desk at another door: `desk:<name>`, URI-encoded since headers carry Latin-1 only. */
export const statedDesk = (desk: string): string => `desk:${encodeURIComponent(desk)}`;

/** The request for one operation: path params from the input, GET -> query string, others -> JSON body. */
export function buildRequest(name: OpName, input: unknown, ctx: RequestContext = {}): HttpRequest {
  const { method, path } = operations[name].http;
  const rest: Record<string, unknown> = { ...((input ?? {}) as Record<string, unknown>) };
  const url = path.replace(/:([A-Za-z]+)/g, (_m, key: string) => {
    const value = rest[key];
    if (value === undefined || value === null || value === '') throw new ApiError({ error: 'bad-request', message: `${name} needs ${key}` });
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  if (ctx.role) headers['x-station-role'] = ctx.role;
  if (ctx.pin) headers['x-admin-pin'] = ctx.pin;
  if (method === 'GET' || method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) query.set(k, String(v));
    const qs = query.toString();
    return { method, url: qs ? `${url}?${qs}` : url, headers };
  }
  headers['content-type'] = 'application/json';
  return { method, url, headers, body: JSON.stringify(rest) };
}

/** An error body from any answer, even one that is not the contract's JSON (a proxy's HTML page). */
export function errorFromResponse(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body && typeof body.error === 'string' && typeof body.message === 'string') return new ApiError(body as ErrorBody, status);
  } catch {
    // not JSON
  }
  return new ApiError({ error: `http-${status}`, message: `the kiosk server answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}` }, status);
}

/** The file name of a download: RFC 5987 `filename*` first (签到表.pdf), then plain `filename`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}
