import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { createLimiter } from '../async/limiter';
import type { JobState } from '../contracts';
import type { CleanupJob, ProjectVersionsSection } from '../job/types';
import { DEFAULT_MAX_DELETIONS, deletionCap } from '../job/deletion-cap';
import { validateJob } from '../job/validate';
import { DEFAULT_QUOTAS, type TpsQuotas } from '../rates/quotas';
import { computeRatePlan } from '../rates/rate-plan';
import type { ProtectionSettings } from '../settings';
import { CollectionInventory, type InventoryCache } from './collection-inventory';
import { planCollectionsSection } from './plan-collections';
import { PLAN_CALLS_IN_FLIGHT, type PlanContext } from './plan-context';
import { planFacesSection } from './plan-faces';
import { emptyFragment, mergeFragments, type PlanFragment } from './plan-fragment';
import { planProjectSection } from './plan-project-versions';
import { planSubjectSection } from './plan-subjects';
import { planVersionArnsSection } from './plan-version-arns';

/** What the Plan state passes: the execution input as `job`, and the execution's id and start time. */
export interface PlanInput {
  job: unknown;
  executionId: string;
  startedAt: string;
}

/** A Plan spread over invocations: what it learnt so far, and when to stop calling. */
export interface PlanResumption {
  cache?: InventoryCache;
  expired: () => boolean;
  /** Receives the inventory, so that its cache can be saved when the budget runs out. */
  onInventory?: (inventory: CollectionInventory) => void;
}

/** The deployment's defaults that shape a plan. */
export interface PlanDefaults {
  /** The cap of a selector job without maxDeletions (lambdas/core/job/deletion-cap.ts). */
  defaultMaxDeletions: number;
}

/**
 * Validates the job, then resolves every section into targets with read-only calls. An invalid job throws
 * InvalidJobError before any Rekognition call. Sections are planned concurrently (the limiter bounds the calls in
 * flight) and merged in job order, so the same account state always yields the same plan.
 * The job's raw sections are not copied into the state: big face-id lists would be carried twice.
 */
export async function planJob(
  rekognition: RekognitionClient,
  input: PlanInput,
  protection: ProtectionSettings,
  quotas: TpsQuotas = DEFAULT_QUOTAS,
  resumption?: PlanResumption,
  defaults: PlanDefaults = { defaultMaxDeletions: DEFAULT_MAX_DELETIONS },
): Promise<JobState> {
  const startedAt = new Date(input.startedAt);
  const job = validateJob(input.job, startedAt);
  const limit = createLimiter(PLAN_CALLS_IN_FLIGHT);
  const inventory = new CollectionInventory(rekognition, limit, resumption?.expired, resumption?.cache);
  resumption?.onInventory?.(inventory);
  const context: PlanContext = {
    rekognition,
    limit,
    inventory,
    protection,
    startedAtMs: startedAt.getTime(),
  };

  const fragments = await Promise.all([
    ...(job.collections ?? []).map((section, index) => planCollectionsSection(section, index, context)),
    ...(job.faces ?? []).map((section, index) => planFacesSection(section, index, context)),
    ...(job.subjects ?? []).map((section, index) => planSubjectSection(section, index, context)),
    ...(job.projectVersions ?? []).map((section, index) => planVersionsSection(section, index, context)),
  ]);

  const merged = mergeFragments(fragments);
  const independentSubjects = job.independentSubjects === true;
  const plan = independentSubjects
    ? { ...merged, subjectSearches: merged.subjectSearches.map((search) => ({ ...search, independentSubjects })) }
    : merged;
  return {
    executionId: input.executionId,
    startedAt: input.startedAt,
    ...(job.requestId !== undefined ? { requestId: job.requestId } : {}),
    dryRun: job.dryRun ?? false,
    ...(independentSubjects ? { independentSubjects } : {}),
    ...capFields(job, defaults),
    plan,
    rates: computeRatePlan(plan, quotas),
  };
}

/** Validation guarantees exactly one of `arns` and `projectArn`. */
function planVersionsSection(
  section: ProjectVersionsSection,
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const { arns, projectArn } = section.select;
  if (arns !== undefined) return planVersionArnsSection(section, arns, index, context);
  if (projectArn !== undefined) return planProjectSection(section, projectArn, index, context);
  return Promise.resolve(emptyFragment());
}

function capFields(job: CleanupJob, defaults: PlanDefaults): Pick<JobState, 'maxDeletions' | 'maxDeletionsSource'> {
  const cap = deletionCap(job, defaults.defaultMaxDeletions);
  return cap === undefined ? {} : { maxDeletions: cap.maxDeletions, maxDeletionsSource: cap.source };
}
