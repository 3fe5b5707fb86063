/**
 * The plan tests' account: the emulator in-process (test/support/in-process-rekognition.ts), the one model of
 * Rekognition, seeded in eu-west-1. Model statuses hold still (a status change takes an hour, far longer than a
 * test) and every list pages at 2 by default, so that small fixtures exercise paging.
 */
import type { WorldCollection, WorldProject, WorldProjectVersion } from '../../../local/emulator';
import * as arns from '../../../local/emulator/model/arns';
import { type TestRekognition, testRekognition } from '../../support/in-process-rekognition';

const CONTEXT = { region: 'eu-west-1', accountId: '123456789012' };
export const SCOPE = `arn:aws:rekognition:${CONTEXT.region}:${CONTEXT.accountId}:`;
export const STARTED_AT = '2026-03-01T00:00:00.000Z';
export const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };
export const PROTECT_TAG = { 'cleanup:protect': 'true' };

export interface PlanWorld {
  collections?: WorldCollection[];
  projects?: WorldProject[];
  /** @default 2 */
  pageSize?: number;
}

export function planAccount(world: PlanWorld = {}): TestRekognition {
  return testRekognition(world.collections ?? [], {
    region: CONTEXT.region,
    transitionMs: 3_600_000,
    pageSize: world.pageSize ?? 2,
    ...(world.projects === undefined ? {} : { projects: world.projects }),
  });
}

/** Users without faces, for a collection's user count. */
export const usersNamed = (...userIds: string[]) => userIds.map((userId) => ({ userId }));

function createdAtOf(entry: { name: string; createdAt?: string }): number {
  // An ARN carries its resource's creation time, so a fixture whose ARN a test names gives that time.
  if (entry.createdAt === undefined) throw new Error(`give ${entry.name} a createdAt: its ARN carries it`);
  return Date.parse(entry.createdAt);
}

export const collectionArn = (id: string) => arns.collectionArn(CONTEXT, id);

export const projectArn = (project: Pick<WorldProject, 'name' | 'createdAt'>) =>
  arns.projectArn(CONTEXT, project.name, createdAtOf(project));

/** The ARN the emulator gives `version` of `project`; `createdAt` overrides its time (another version, same name). */
export const versionArn = (
  project: Pick<WorldProject, 'name'>,
  version: Pick<WorldProjectVersion, 'name' | 'createdAt'>,
) => arns.versionArn(CONTEXT, project.name, version.name, createdAtOf(version));

/** The ARN of the version called `name` in `project`'s fixture. */
export function versionArnIn(project: WorldProject, name: string): string {
  const version = project.versions?.find((v) => v.name === name);
  if (version === undefined) throw new Error(`no version ${name} in ${project.name}`);
  return versionArn(project, version);
}

/** An instant as the ISO string a fixture's createdAt takes: `at(1714550000000)`. */
export const at = (epochMs: number) => new Date(epochMs).toISOString();
