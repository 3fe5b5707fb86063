/** The Rekognition emulator's public API: start one, point a RekognitionClient at `url`, inspect `world`. */
export type { EmulatorOptions, RunningEmulator } from './emulator-options';
export type { Collection } from './model/collection';
export type { EmulatorWorld } from './model/emulator-world';
export type { Project, ProjectVersion } from './model/project';
export type { VersionStatus } from './model/version-lifecycle';
export type { FaultTiming } from './service/faults';
export type { TpsQuotas } from './service/quotas';
export type { EmulatorStats, OperationStats } from './service/stats';
export { type InProcessCall, type InProcessEmulator, inProcessEmulator } from './in-process';
export { startEmulator } from './start-emulator';
export { loadWorld } from './world/load-world';
export { WorldValidationError } from './world/world-checker';
export type * from './world/world-types';
