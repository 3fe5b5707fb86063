/** Assembles the world, the request pipeline and the HTTP server, and starts listening. */
import { listenOn } from '../listen';
import type { EmulatorOptions, RunningEmulator } from './emulator-options';
import { createEmulatorServer } from './http/emulator-server';
import { EmulatorWorld } from './model/emulator-world';
import { freshSeed, SeededRandom } from './model/random';
import { Dispatcher } from './service/dispatcher';
import { FaultInjector } from './service/faults';
import { QuotaTable } from './service/quotas';
import { StatsRecorder } from './service/stats';
import { loadWorld } from './world/load-world';
import { seedWorld } from './world/seed-world';
import { snapshotWorld } from './world/snapshot-world';

const DEFAULT_TRANSITION_MS = 2000;
/** Keeps the fault stream independent of the id stream, so adding faults does not change generated ids. */
const FAULT_STREAM_SALT = 0x9e3779b9;

/** The emulator without its HTTP server: the world and the request pipeline (in-process.ts serves it directly). */
export interface EmulatorCore {
  world: EmulatorWorld;
  dispatcher: Dispatcher;
  stats: StatsRecorder;
  quotas: QuotaTable;
  faults: FaultInjector;
}

export function assembleEmulator(options: Omit<EmulatorOptions, 'port' | 'host' | 'latencyMs'> = {}): EmulatorCore {
  const randomSeed = options.randomSeed ?? freshSeed();
  const transitionMs = options.transitionMs ?? DEFAULT_TRANSITION_MS;
  if (!(Number.isFinite(transitionMs) && transitionMs >= 0)) throw new Error('transitionMs must be >= 0');
  const world = new EmulatorWorld({
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    transitionMs,
    random: new SeededRandom(randomSeed),
  });
  if (options.seed !== undefined) {
    seedWorld(world, loadWorld(options.seed), typeof options.seed === 'string' ? options.seed : 'world');
  }
  const stats = new StatsRecorder();
  const quotas = new QuotaTable(options.tps ?? {});
  const faults = new FaultInjector(
    options.faultRate ?? 0,
    options.faultTiming ?? 'before',
    new SeededRandom(randomSeed ^ FAULT_STREAM_SALT),
  );
  return { world, stats, quotas, faults, dispatcher: new Dispatcher({ world, stats, quotas, faults }) };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { world, stats, quotas, faults, dispatcher } = assembleEmulator(options);
  const latencyMs = options.latencyMs ?? 0;
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
  const server = createEmulatorServer({
    dispatcher,
    stats: () => stats.snapshot(),
    latencyMs,
  });
  const { url, port } = await listenOn(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url,
    port,
    world,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    snapshot: () => snapshotWorld(world),
    setFaultRate: (rate) => faults.setRate(rate),
    setTps: (tps) => quotas.set(tps),
  };
}
