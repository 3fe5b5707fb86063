/** Custom Labels / content-moderation projects and their model versions, with lazily settled statuses. */
import { SETTLES_TO, STATUS_MESSAGES, type VersionStatus } from './version-lifecycle';

export type ProjectFeature = 'CUSTOM_LABELS' | 'CONTENT_MODERATION';
export type ProjectStatus = 'CREATED' | 'DELETING';

export interface OutputConfig {
  S3Bucket?: string;
  S3KeyPrefix?: string;
}

export interface VersionInit {
  name: string;
  arn: string;
  createdAt: number;
  order: number;
  status: VersionStatus;
  tags: Map<string, string>;
  outputConfig?: OutputConfig;
  description?: string;
  kmsKeyId?: string;
  statusMessage?: string;
  minInferenceUnits?: number;
  maxInferenceUnits?: number;
  /** What TRAINING_IN_PROGRESS settles to. @default 'TRAINING_COMPLETED' */
  trainingResult?: 'TRAINING_COMPLETED' | 'TRAINING_FAILED';
}

export class ProjectVersion {
  readonly name: string;
  readonly arn: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** World-wide creation order: breaks ties between versions created in the same millisecond. */
  readonly order: number;
  readonly tags: Map<string, string>;
  readonly outputConfig: OutputConfig | undefined;
  readonly description: string | undefined;
  readonly kmsKeyId: string | undefined;
  readonly trainingResult: 'TRAINING_COMPLETED' | 'TRAINING_FAILED';
  minInferenceUnits: number | undefined;
  maxInferenceUnits: number | undefined;
  trainingEndedAt: number | undefined;
  private currentStatus: VersionStatus;
  private customMessage: string | undefined;
  /** When the current status began (epoch ms). */
  private since: number;

  constructor(init: VersionInit, now: number) {
    this.name = init.name;
    this.arn = init.arn;
    this.createdAt = init.createdAt;
    this.order = init.order;
    this.tags = init.tags;
    this.outputConfig = init.outputConfig;
    this.description = init.description;
    this.kmsKeyId = init.kmsKeyId;
    this.trainingResult = init.trainingResult ?? 'TRAINING_COMPLETED';
    this.minInferenceUnits = init.minInferenceUnits;
    this.maxInferenceUnits = init.maxInferenceUnits;
    this.currentStatus = init.status;
    this.customMessage = init.statusMessage;
    this.since = now;
    if (init.status !== 'TRAINING_IN_PROGRESS') this.trainingEndedAt = Math.min(now, init.createdAt + 3_600_000);
  }

  /** The status as last settled: call `settle` first (EmulatorWorld does). */
  get status(): VersionStatus {
    return this.currentStatus;
  }

  get statusMessage(): string {
    return this.customMessage ?? STATUS_MESSAGES[this.currentStatus];
  }

  /** Applies every transition that `transitionMs` has completed by `now`; 'GONE' once a deletion has finished. */
  settle(now: number, transitionMs: number): 'GONE' | undefined {
    for (;;) {
      let next = SETTLES_TO[this.currentStatus];
      if (next === undefined || now - this.since < transitionMs) return undefined;
      if (next === 'GONE') return 'GONE';
      if (this.currentStatus === 'TRAINING_IN_PROGRESS') {
        next = this.trainingResult;
        this.trainingEndedAt = this.since + transitionMs;
      }
      this.moveTo(next, this.since + transitionMs);
    }
  }

  moveTo(status: VersionStatus, at: number): void {
    this.currentStatus = status;
    this.customMessage = undefined;
    this.since = at;
  }
}

export interface ProjectInit {
  name: string;
  arn: string;
  createdAt: number;
  order: number;
  feature: ProjectFeature;
  autoUpdate?: 'ENABLED' | 'DISABLED';
  tags: Map<string, string>;
  status: ProjectStatus;
}

export class Project {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
  readonly order: number;
  readonly feature: ProjectFeature;
  readonly autoUpdate: 'ENABLED' | 'DISABLED' | undefined;
  readonly tags: Map<string, string>;
  /** By version name. */
  readonly versions = new Map<string, ProjectVersion>();
  private currentStatus: ProjectStatus;
  private since: number;

  constructor(init: ProjectInit, now: number) {
    this.name = init.name;
    this.arn = init.arn;
    this.createdAt = init.createdAt;
    this.order = init.order;
    this.feature = init.feature;
    this.autoUpdate = init.autoUpdate;
    this.tags = init.tags;
    this.currentStatus = init.status;
    this.since = now;
  }

  get status(): ProjectStatus {
    return this.currentStatus;
  }

  /** Settles every version (dropping finished deletions), then the project itself. */
  settle(now: number, transitionMs: number): 'GONE' | undefined {
    for (const [name, version] of this.versions) {
      if (version.settle(now, transitionMs) === 'GONE') this.versions.delete(name);
    }
    if (this.currentStatus === 'DELETING' && now - this.since >= transitionMs) return 'GONE';
    return undefined;
  }

  startDeleting(now: number): void {
    this.currentStatus = 'DELETING';
    this.since = now;
  }

  /** Versions newest first, the order DescribeProjectVersions uses. */
  versionsNewestFirst(): ProjectVersion[] {
    return [...this.versions.values()].sort(newestFirst);
  }
}

/** Newest first; creation order breaks ties. */
export function newestFirst(a: { createdAt: number; order: number }, b: { createdAt: number; order: number }): number {
  return b.createdAt - a.createdAt || b.order - a.order;
}
