/**
 * The HTTP face of the emulator: awsJson1_1 over `POST /`, plus `GET /_emulator/stats` for other processes.
 * Credentials and signatures are ignored; any region and account name in the request work.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Dispatcher, type DispatchResult, failure } from '../service/dispatcher';
import { errors, ServiceError } from '../service/service-error';
import type { EmulatorStats } from '../service/stats';

const JSON_1_1 = 'application/x-amz-json-1.1';

/**
 * The largest body the emulator reads. The largest request the model allows is an IndexFaces with a 5 MiB image
 * (Image.Bytes max 5,242,880), about 7 MB once base64-encoded; 8 MiB holds it with room to spare and refuses
 * anything that could only be a mistake or an attack, before it is held in memory.
 */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
const DRAIN_GRACE_MS = 1000;
const TOO_LARGE = Symbol('too large');

/** The client hung up before its body was complete: there is no one left to answer. */
class ClientGone extends Error {}

export interface ServerParts {
  dispatcher: Dispatcher;
  stats: () => EmulatorStats;
  /** Added before every Rekognition response. */
  latencyMs: number;
}

export function createEmulatorServer(parts: ServerParts): Server {
  return createServer((request, response) => {
    // Without listeners a stream 'error' (a client that hangs up mid-body) would take the process down; readBody
    // reports the request's errors while it matters, and later ones concern nobody.
    request.on('error', () => undefined);
    response.on('error', (error) => console.error('rekognition emulator: failed to send a response', error));
    handle(parts, request, response).catch((error: unknown) => {
      if (error instanceof ClientGone) return;
      console.error('rekognition emulator: failed to answer a request', error);
      if (!response.headersSent && !response.destroyed) {
        send(response, failure(errors.internalServerError('Internal server error')));
      }
    });
  });
}

async function handle(parts: ServerParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request, MAX_REQUEST_BYTES);
  if (body === TOO_LARGE) {
    refuseOversized(request, response);
    return;
  }
  if (request.method === 'GET' && request.url?.split('?')[0] === '/_emulator/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(parts.stats()));
    return;
  }
  const target = request.method === 'POST' ? headerValue(request, 'x-amz-target') : undefined;
  const result = parts.dispatcher.dispatch(target, body);
  if (parts.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, parts.latencyMs));
  send(response, result);
}

function send(response: ServerResponse, result: DispatchResult): void {
  response.writeHead(result.status, {
    'content-type': JSON_1_1,
    'content-length': Buffer.byteLength(result.body),
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(result.body);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The body as text, or TOO_LARGE as soon as it is known to pass `limit` (from Content-Length, or while streaming):
 * what was read so far is dropped at once, so a huge body costs at most `limit` bytes of memory.
 */
function readBody(request: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const declared = Number(headerValue(request, 'content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      resolve(TOO_LARGE);
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      chunks = [];
      outcome();
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(() => resolve(TOO_LARGE));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (settled) return;
      try {
        const text = Buffer.concat(chunks, size).toString('utf8');
        settle(() => resolve(text));
      } catch (error) {
        settle(() => reject(error));
      }
    });
    request.on('error', () => settle(() => reject(new ClientGone())));
    request.on('close', () => settle(() => reject(new ClientGone())));
  });
}

/**
 * 413 with the connection closed. The rest of the body is read and discarded for a moment, so the client (still
 * sending) gets to read the answer instead of a reset; then the socket is closed whatever the client does.
 */
function refuseOversized(request: IncomingMessage, response: ServerResponse): void {
  const error = new ServiceError(
    'RequestEntityTooLargeException',
    `The request body exceeds the maximum of ${MAX_REQUEST_BYTES} bytes`,
    413,
  );
  response.setHeader('connection', 'close');
  send(response, failure(error));
  request.resume();
  setTimeout(() => request.socket.destroy(), DRAIN_GRACE_MS).unref();
}
