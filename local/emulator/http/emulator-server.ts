/**
 * The HTTP face of the emulator: awsJson1_1 over `POST /`, plus `GET /_emulator/stats` for other processes.
 * Credentials and signatures are ignored; any region and account name in the request work.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Dispatcher, DispatchResult } from '../service/dispatcher';
import type { EmulatorStats } from '../service/stats';

const JSON_1_1 = 'application/x-amz-json-1.1';

export interface ServerParts {
  dispatcher: Dispatcher;
  stats: () => EmulatorStats;
  /** Added before every Rekognition response. */
  latencyMs: number;
}

export function createEmulatorServer(parts: ServerParts): Server {
  return createServer((request, response) => {
    handle(parts, request, response).catch((error: unknown) => {
      console.error('rekognition emulator: failed to answer a request', error);
      if (!response.headersSent) send(response, { status: 500, body: '{"__type":"InternalServerError"}' });
    });
  });
}

async function handle(parts: ServerParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
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

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
