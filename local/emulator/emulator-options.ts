/** The emulator's public option and handle types. */
import type { EmulatorWorld } from './model/emulator-world';
import type { FaultTiming } from './service/faults';
import type { TpsQuotas } from './service/quotas';
import type { EmulatorStats } from './service/stats';
import type { World } from './world/world-types';

export interface EmulatorOptions {
  /** 0 or omitted: a random free port. */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** A World object or the path of a world JSON file (format: local/emulator/README.md). */
  seed?: World | string;
  /** Duration of each asynchronous status change (training, starting, stopping, deleting). @default 2000 */
  transitionMs?: number;
  /** Per-operation quotas in calls per second, e.g. `{ DeleteFaces: 5, ListFaces: 5 }`; `'*'` sets a default. */
  tps?: TpsQuotas;
  /** 0..1: the fraction of requests answered with a transient ThrottlingException or InternalServerError. @default 0 */
  faultRate?: number;
  /** 'before': the fault replaces the operation; 'after': the operation is applied, then the error is returned
   * (a lost response); 'mixed': either, at random. @default 'before' */
  faultTiming?: FaultTiming;
  /** Added to every response. @default 0 */
  latencyMs?: number;
  /** Used in ARNs. @default 'us-east-1' */
  region?: string;
  /** Used in ARNs. @default '123456789012' */
  accountId?: string;
  /** Makes injected faults and generated ids reproducible. @default random */
  randomSeed?: number;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4566: the `endpoint` to give RekognitionClient. */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
  /** The current world in the seed format. */
  snapshot(): World;
  /** Direct read access to the in-memory state, for assertions. */
  world: EmulatorWorld;
  setFaultRate(rate: number): void;
  setTps(tps: TpsQuotas): void;
}
