import crypto from 'node:crypto';
import { clipEcho } from '../echo.js';

/** A file the feed serves, described before any byte of it is sent. */
export interface Download {
  contentType: string;
  /** the whole body, or a stream opened only when a body is actually sent (not for HEAD or 304) */
  body: Uint8Array<ArrayBuffer> | (() => ReadableStream<Uint8Array>);
  /** strong validator: a hash of the body, or of what a streamed body is made from */
  etag: string;
  /** when the content last changed (ISO 8601, from budgets.importedAt) */
  lastModified: string;
  /** how a browser saves it: an ASCII name for old clients and, where it differs, a UTF-8 one */
  disposition?: { type: 'attachment' | 'inline'; ascii: string; utf8?: string };
  /** any further headers of a full response */
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 405,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new HttpError(404, 'NOT_FOUND', message);

const encoder = new TextEncoder();
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

/** A strong ETag from the exact bytes, or from the parts a streamed body is built from. */
export function etagOf(...parts: (string | Uint8Array)[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return `"${hash.digest('hex').slice(0, 32)}"`;
}

/** Headers every open-data response carries, errors included: anyone may fetch these files. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Last-Modified, Content-Disposition, Content-Length',
};

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

export function errorResponse(error: HttpError): Response {
  const headers: Record<string, string> = { ...CORS, 'cache-control': 'no-store' };
  if (error.status === 405) headers.allow = ALLOWED_METHODS;
  return Response.json(
    { error: { code: error.code, message: clipEcho(error.message) } },
    { status: error.status, headers },
  );
}

/** The answer to a CORS preflight (a cross-origin GET that sends If-None-Match). */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': 'If-None-Match, If-Modified-Since',
      'access-control-max-age': '86400',
      allow: ALLOWED_METHODS,
    },
  });
}

/**
 * RFC 6266: `filename` for clients that only read ASCII, `filename*` (RFC 8187, UTF-8,
 * percent-encoded) for the readable Chinese name.
 */
export function contentDisposition(disposition: NonNullable<Download['disposition']>): string {
  const ascii = disposition.ascii.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const parts = [disposition.type, `filename="${ascii}"`];
  if (disposition.utf8 && disposition.utf8 !== ascii)
    parts.push(`filename*=UTF-8''${encodeRfc8187(disposition.utf8)}`);
  return parts.join('; ');
}

/** Percent-encodes all but RFC 8187 attr-chars (encodeURIComponent leaves ' ( ) * ! unescaped). */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly; "*" matches any current representation. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** HTTP dates have whole seconds: a file modified at 09:06:47.5 is not newer than 09:06:47. */
function notModifiedSince(header: string, lastModified: string): boolean {
  const since = Date.parse(header);
  const modified = Math.floor(Date.parse(lastModified) / 1000) * 1000;
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/** A download's validators: what a conditional request is compared with. */
export type Validators = Pick<Download, 'etag' | 'lastModified'>;

function validatorHeaders(v: Validators, cacheSeconds: number): Record<string, string> {
  return {
    ...CORS,
    etag: v.etag,
    'last-modified': new Date(v.lastModified).toUTCString(),
    'cache-control': `public, max-age=${cacheSeconds}`,
  };
}

/** A 304 when the client's copy is current (If-None-Match, else If-Modified-Since), or null. */
export function notModified(request: Request, v: Validators, cacheSeconds: number): Response | null {
  const ifNoneMatch = request.headers.get('if-none-match');
  const ifModifiedSince = request.headers.get('if-modified-since');
  const current =
    ifNoneMatch !== null
      ? noneMatch(ifNoneMatch, v.etag)
      : ifModifiedSince !== null && notModifiedSince(ifModifiedSince, v.lastModified);
  return current ? new Response(null, { status: 304, headers: validatorHeaders(v, cacheSeconds) }) : null;
}

/** Sends a download with its validators: 304 when the client's copy is current, no body for HEAD. */
export function respond(request: Request, download: Download, cacheSeconds: number): Response {
  const unchanged = notModified(request, download, cacheSeconds);
  if (unchanged) return unchanged;
  const headers = validatorHeaders(download, cacheSeconds);

  Object.assign(headers, download.headers);
  headers['content-type'] = download.contentType;
  headers['x-content-type-options'] = 'nosniff';
  if (download.disposition) headers['content-disposition'] = contentDisposition(download.disposition);
  const whole = download.body instanceof Uint8Array ? download.body : undefined;
  if (whole) headers['content-length'] = String(whole.byteLength);
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(whole ?? (download.body as () => ReadableStream<Uint8Array>)(), {
    status: 200,
    headers,
  });
}
