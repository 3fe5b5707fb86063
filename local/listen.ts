import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a local service (the Rekognition emulator, the job store) on `host` and `port` (0: any free port) and
 * says where clients reach it: a wildcard host is reached on loopback, an IPv6 one in brackets.
 */
export async function listenOn(server: Server, host: string, port: number): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${bound}`, port: bound };
}
