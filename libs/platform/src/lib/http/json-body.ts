import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { PlatformError } from '../errors/app-error';
import { JSON_TYPE } from './content-type';

export const BODY_LIMIT = '16kb';
export const BODY_LIMIT_BYTES = 16 * 1024;

// The encodings express's body-parser inflated; we keep accepting them.
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

// Only JSON bodies, parsed like express's body-parser did: objects and arrays
// only ("strict"), an empty body as `{}`, a __proto__ key kept as plain data
// (the zod schemas refuse unknown keys), at most 16 KiB once decoded.
export function useJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    if (text[0] !== '{' && text[0] !== '[') {
      return done(new PlatformError('malformed_json', 'The request body is not valid JSON'), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new PlatformError('malformed_json', 'The request body is not valid JSON'), undefined);
    }
  });
  fastify.addHook('preParsing', decodeContentEncoding);
}

// Leaves every body unread: the gateway's proxy streams it to a service.
export function leaveBodiesUnread(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_req: FastifyRequest, _payload: IncomingMessage, done) => done(null));
}

type CountedStream = PassThrough & { receivedEncodedLength?: number };

// Inflates a gzip, deflate or br body; refuses other encodings (415). The
// returned stream reports the encoded bytes, so fastify checks Content-Length
// against them and the body limit against the inflated size (no zip bomb).
function decodeContentEncoding(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
  done: (error: Error | null, payload?: Readable) => void,
): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return done(null, payload);
  const decoder = DECODERS[encoding]?.();
  if (!decoder) {
    return done(new PlatformError('unsupported_media_type', 'The request body encoding is not supported'));
  }
  const decoded: CountedStream = new PassThrough();
  decoded.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decoded.receivedEncodedLength = (decoded.receivedEncodedLength ?? 0) + chunk.length;
  });
  decoder.once('error', () => decoded.destroy(new PlatformError('bad_request', 'The request body could not be read')));
  payload.pipe(decoder).pipe(decoded);
  done(null, decoded);
}
