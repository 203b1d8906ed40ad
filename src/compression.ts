import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BoundedMap } from './db/version.js';

/** What a client accepts, best first: brotli, then gzip (RFC 9110 Accept-Encoding, q=0 refuses). */
export function preferredEncoding(header: string | null): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

const TEXT = /^(text\/|application\/(json|graphql-response\+json|javascript|xml))/;

/**
 * Compresses text answers (GraphQL, JSON, CSV, catalogs, pages, GraphiQL) above `minBytes` when
 * the client accepts brotli or gzip. A body with a strong ETag is compressed once and kept (the
 * same ETag is the same bytes); the compressed answer's ETag is weak, as it is the same content
 * in another encoding, and validators still match it. Streams (facts.csv) are compressed as
 * they flow. Binary files (XLSX, Parquet) are sent as they are.
 */
export function compression(minBytes: number, keptBytes: number) {
  const kept = new BoundedMap<string, Uint8Array>(keptBytes, (bytes) => bytes.byteLength);
  return async (request: Request, response: Response): Promise<Response> => {
    const type = response.headers.get('content-type') ?? '';
    if (!TEXT.test(type) || response.headers.has('content-encoding')) return response;
    const headers = new Headers(response.headers);
    headers.append('vary', 'Accept-Encoding');
    // HEAD: the headers a GET would have, with the length of the identity body
    if (!response.body || request.method === 'HEAD' || response.status === 204 || response.status === 304)
      return new Response(null, { status: response.status, headers });
    const encoding = preferredEncoding(request.headers.get('accept-encoding'));
    if (!encoding) return new Response(response.body, { status: response.status, headers });
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(length) && length < minBytes)
      return new Response(response.body, { status: response.status, headers });
    const etag = response.headers.get('etag');
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    if (etag) headers.set('etag', etag.startsWith('W/') ? etag : `W/${etag}`);
    if (!Number.isFinite(length)) {
      // a stream: compressed as it is read, never held whole; a few chunks may wait on each side
      // of the compressor, so the next chunk is formatted while the last is compressed
      const compressor =
        encoding === 'br'
          ? zlib.createBrotliCompress({ ...BROTLI, ...STREAMED })
          : zlib.createGzip({ level: 6, ...STREAMED });
      // node:stream/web's ReadableStream and the DOM lib's are one class typed twice: neither converts
      const body = Readable.fromWeb(response.body as never, { highWaterMark: READ_AHEAD }).pipe(compressor);
      return new Response(Readable.toWeb(body) as unknown as ReadableStream, {
        status: response.status,
        headers,
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength < minBytes) {
      headers.delete('content-encoding');
      if (etag) headers.set('etag', etag);
      return new Response(bytes, { status: response.status, headers });
    }
    const key = etag && !etag.startsWith('W/') ? `${encoding}:${etag}` : undefined;
    let compressed = key ? kept.get(key) : undefined;
    if (!compressed) {
      compressed = encoding === 'br' ? brotli(bytes) : zlib.gzipSync(bytes, { level: 6 });
      if (key) kept.set(key, compressed);
    }
    headers.set('content-length', String(compressed.byteLength));
    return new Response(compressed as Uint8Array<ArrayBuffer>, { status: response.status, headers });
  };
}

/** Brotli at a quality fit for answering (5: most of the gain, a fraction of the time of 11). */
const BROTLI = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  },
};
const brotli = (bytes: Uint8Array) => zlib.brotliCompressSync(bytes, BROTLI);
/** Bytes a streamed answer may hold before and after its compressor (four 64 KB chunks). */
const READ_AHEAD = 256 * 1024;
const STREAMED = {
  chunkSize: 64 * 1024,
  writableHighWaterMark: READ_AHEAD,
  readableHighWaterMark: READ_AHEAD,
};

/** A strong ETag of some bytes (for answers that have none, such as the GraphiQL page). */
export const bytesEtag = (bytes: Uint8Array) =>
  `"${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
