import fc from 'fast-check';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { validateJob } from '../../lambdas/core/job/validate';
import type { CleanupReport } from '../../lambdas/core/report/types';
import type { World } from '../../local/emulator';
import { type JobSpec, jobSpecArb, resolveJob, worldArb } from './support/arbitraries';
import { DEFAULT_PROTECTION, expectedDeletions } from './support/expected-deletions';
import { closeEnv, mutatingCalls, reliabilitySuite, runJob, sleep, startEnv, TRANSITION_MS } from './support/harness';
import { deletedNothing } from './support/report-audit';
import { recordSummary } from './support/summary';
import {
  applyDeletions,
  captureWorld,
  type Deletions,
  deletionsBetween,
  emptyDeletions,
  normalizeDeletions,
  settled,
  type WorldState,
} from './support/world-state';

/**
 * Arbitrary small worlds and arbitrary valid jobs, through the real workflow: a dry run, the real run, a re-run.
 * PROPERTY_RUNS (default 30) cases from PROPERTY_SEED (default below); on failure fast-check prints the seed and the
 * shrunk counterexample, and the case can be replayed with PROPERTY_SEED.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261122);

const PROPERTIES = [
  'the dry run changes nothing',
  'the real run deletes exactly what the dry run listed (collections by id, versions by ARN, faces and users by id)',
  'what is deleted is what the job contract selects (the oracle in support/expected-deletions.ts)',
  'nothing else is touched: every other face, user, tag, association, status and project is byte-identical',
  'protected collections and versions survive every selector',
  'the report totals equal what disappeared',
  'a re-run ends as the first did (NOT_FOUND for a named collection that does not exist) and deletes nothing',
] as const;

reliabilitySuite();
const stats = { cases: 0, jobsRun: 0, matchedSomething: 0, deletedResources: 0 };

test(`${PROPERTIES.length} properties hold for ${RUNS} arbitrary worlds and jobs (seed ${SEED})`, async () => {
  console.log(
    `properties: ${RUNS} runs, seed ${SEED} (replay with PROPERTY_SEED=${SEED})\n  - ${PROPERTIES.join('\n  - ')}`,
  );
  await fc.assert(
    fc.asyncProperty(worldArb, jobSpecArb, async (world, spec) => {
      await checkCase(world, spec);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false, verbose: 1 },
  );
  // The generators must reach interesting cases, or the properties hold vacuously.
  expect(stats.matchedSomething).toBeGreaterThanOrEqual(Math.ceil(RUNS / 3));
  expect(stats.matchedSomething).toBeLessThan(stats.cases);
  await recordSummary('properties', { properties: PROPERTIES, runs: RUNS, seed: SEED, ...stats });
}, 400_000);

async function checkCase(world: World, spec: JobSpec): Promise<void> {
  const env = await startEnv({ seed: world, randomSeed: 1 });
  try {
    stats.cases += 1;
    // keepLatest and stopRunning depend on the status the Plan reads; the oracle reads settled statuses, so the Plan
    // must too (a training that ends between the dry run and the real run would otherwise change the kept set).
    await sleep(TRANSITION_MS + 50);
    const before = settled(captureWorld(env.emulator));
    const now = Date.now();
    const job = resolveJob(spec, env.emulator, now);
    // The generator only makes valid jobs; an invalid one would be a bug in the test.
    validateJob(job, new Date(now));
    const expected = expectedDeletions(before, job, now);

    // An erasure naming a collection that does not exist fails there (NOT_FOUND) and does everything else.
    const notFound = namedMissingCollections(before, job);
    const status = notFound.length > 0 ? 'FAILED' : 'SUCCEEDED';
    const dry = await runJob(env, { ...job, dryRun: true });
    stats.jobsRun += 1;
    expect(dry.run.status).toBe(status);
    expect(mutatingCalls(dry.stats)).toBe(0);
    expect(settled(captureWorld(env.emulator))).toEqual(before);
    const listed = dryRunListing(dry.report!, before, job);

    const real = await runJob(env, job);
    stats.jobsRun += 1;
    expect({ status: real.run.status, error: real.run.error, failures: real.report?.failures }).toEqual({
      status,
      error: notFound.length > 0 ? 'CleanupIncomplete' : undefined,
      failures: notFound,
    });
    const after = settled(captureWorld(env.emulator));
    const actual = deletionsBetween(before, after);
    expect(actual).toEqual({ ...listed, projects: actual.projects });
    expect(actual).toEqual(expected);
    expect(after).toEqual(applyDeletions(before, actual));
    expectProtectedSurvive(before, actual, job);
    expect(real.report?.deleted).toEqual(disappeared(before, actual));
    if (actual.collections.length + actual.versions.length + Object.keys(actual.faces).length > 0) {
      stats.matchedSomething += 1;
    }
    stats.deletedResources += Object.values(disappeared(before, actual)).reduce((a, b) => a + b, 0);

    // Later, once the service has finished what it accepted (a project deletion runs on after DeleteProject answers;
    // a re-run while it does reports the project DELETED again: see concurrency.test.ts).
    await sleep(TRANSITION_MS + 50);
    const again = await runJob(env, job);
    stats.jobsRun += 1;
    expect(again.run.status).toBe(status);
    expect(deletedNothing(again.report)).toBe(true);
    expect(settled(captureWorld(env.emulator))).toEqual(after);
  } finally {
    await closeEnv(env);
  }
}

/** What a dry run's report lists, in the same terms as a world diff (projects excepted: emptiness is decided later). */
function dryRunListing(report: CleanupReport, before: WorldState, job: CleanupJob): Deletions {
  const listed = emptyDeletions();
  const push = (record: Record<string, string[]>, id: string, ids: string[]) => {
    record[id] = [...(record[id] ?? []), ...ids];
  };
  for (const c of report.collections) {
    const collection = before.collections[c.collectionId];
    expect(c.outcome).toMatch(/^WOULD_(DELETE|EMPTY)$/);
    if (c.outcome === 'WOULD_DELETE') listed.collections.push(c.collectionId);
    else if (collection !== undefined) {
      push(listed.faces, c.collectionId, Object.keys(collection.faces));
      push(listed.users, c.collectionId, Object.keys(collection.users));
    }
  }
  // A face group lists counts, not ids: the ids it would delete are the job's, where they exist.
  for (const group of report.faces) {
    const entry = job.faces?.[indexOf(group.source)];
    const collection = before.collections[group.collectionId];
    if (entry === undefined || collection === undefined) throw new Error(`unexpected face group ${group.source}`);
    expect(group.requested).toBe(new Set(entry.faceIds).size);
    push(
      listed.faces,
      group.collectionId,
      entry.faceIds.filter((id) => id in collection.faces),
    );
  }
  for (const subject of report.subjects) {
    const userId = job.subjects?.[indexOf(subject.source)]?.userId;
    for (const c of subject.collections) {
      push(listed.faces, c.collectionId, c.faceIds);
      // The plan does not look the user up: it lists the user id for every collection (WOULD_DELETE_IF_PRESENT).
      if (
        String(c.userOutcome ?? '').startsWith('WOULD_DELETE') &&
        userId !== undefined &&
        userId in (before.collections[c.collectionId]?.users ?? {})
      ) {
        push(listed.users, c.collectionId, [userId]);
      }
    }
  }
  for (const v of report.projectVersions) {
    expect(v.outcome).toBe('WOULD_DELETE');
    listed.versions.push(v.versionArn);
  }
  return normalizeDeletions(listed);
}

function indexOf(source: string): number {
  return Number(/\[(\d+)\]/.exec(source)?.[1] ?? Number.NaN);
}

/** Selectors never take a protected resource; only explicit face ids and subject erasure reach into one. */
function expectProtectedSurvive(before: WorldState, actual: Deletions, job: CleanupJob): void {
  const isProtected = (tags: Record<string, string>) =>
    tags[DEFAULT_PROTECTION.key]?.trim().toLowerCase() === DEFAULT_PROTECTION.value;
  for (const [id, collection] of Object.entries(before.collections)) {
    if (!isProtected(collection.tags)) continue;
    expect(actual.collections).not.toContain(id);
    const named = new Set([
      ...(job.faces ?? []).filter((f) => f.collectionId === id).flatMap((f) => f.faceIds),
      ...Object.entries(collection.faces)
        .filter(([, face]) =>
          (job.subjects ?? []).some(
            (s) =>
              (s.collectionIds === undefined || s.collectionIds.includes(id)) &&
              ((s.userId !== undefined && face.userId === s.userId) ||
                (face.externalImageId !== undefined && (s.externalImageIds ?? []).includes(face.externalImageId))),
          ),
        )
        .map(([faceId]) => faceId),
    ]);
    for (const faceId of actual.faces[id] ?? []) expect(named).toContain(faceId);
    const subjectUsers = (job.subjects ?? []).flatMap((s) => (s.userId === undefined ? [] : [s.userId]));
    for (const userId of actual.users[id] ?? []) expect(subjectUsers).toContain(userId);
  }
  for (const project of Object.values(before.projects)) {
    for (const version of Object.values(project.versions)) {
      if (isProtected(version.tags)) expect(actual.versions).not.toContain(version.arn);
    }
  }
}

/** The report's `deleted` totals that a diff implies: faces inside deleted collections count, their users do not. */
function disappeared(before: WorldState, actual: Deletions): CleanupReport['deleted'] {
  const sum = (record: Record<string, string[]>) => Object.values(record).reduce((n, ids) => n + ids.length, 0);
  return {
    faces:
      sum(actual.faces) +
      actual.collections.reduce((n, id) => n + Object.keys(before.collections[id]?.faces ?? {}).length, 0),
    collections: actual.collections.length,
    users: sum(actual.users),
    projectVersions: actual.versions.length,
    projects: actual.projects.length,
  };
}

/** Found by the property run above (shrunk counterexample: one world user, two subjects naming it). */
describe('two subjects naming the same user', () => {
  const world: World = { collections: [{ id: 'tmp-a', createdDaysAgo: 2.5, users: [{ userId: 'alice' }] }] };
  const job: CleanupJob = { subjects: [{ userId: 'alice' }, { userId: 'alice', externalImageIds: ['img-1'] }] };

  test('the user is deleted once and the job succeeds', async () => {
    const env = await startEnv({ seed: world });
    try {
      const { run } = await runJob(env, job);
      expect(run.status).toBe('SUCCEEDED');
      expect(env.emulator.world.collection('tmp-a')?.userCount).toBe(0);
    } finally {
      await closeEnv(env);
    }
  });

  // Fixed bug: two subjects naming one user in one collection sent the same DeleteUser token; the second got the
  // first's answer replayed and the user was counted twice. The token now includes the subject's source.
  test('the report counts one user deletion, not two', async () => {
    const env = await startEnv({ seed: world });
    try {
      const { report } = await runJob(env, job);
      expect(report?.deleted.users).toBe(1);
      const outcomes = report?.subjects.flatMap((s) => s.collections.map((c) => c.userOutcome)).sort();
      expect(outcomes).toEqual(['ALREADY_ABSENT', 'DELETED']);
    } finally {
      await closeEnv(env);
    }
  });
});

/**
 * Decommission by ARN through the same checks, on worlds the seeded run may not reach (with the default seed, no
 * case lists every version of a project with deleteProjectWhenEmpty): one project emptied by ARN, one kept by a
 * protected version, one kept by a version the job does not name.
 */
test('deleteProjectWhenEmpty with arns: the same properties, the oracle deciding which projects go', async () => {
  const version = (name: string, tags?: Record<string, string>) => ({
    name,
    createdDaysAgo: 30,
    status: 'STOPPED' as const,
    ...(tags === undefined ? {} : { tags }),
  });
  const world: World = {
    projects: [
      { name: 'p1', createdDaysAgo: 365, versions: [version('v1'), { ...version('v2'), status: 'RUNNING' }] },
      { name: 'p2', createdDaysAgo: 365, versions: [version('v1'), version('v2', { 'cleanup:protect': 'true' })] },
      { name: 'p3', createdDaysAgo: 365, versions: [version('v1'), version('v2')] },
    ],
  };
  const listed = ['p1/v1', 'p1/v2', 'p2/v1', 'p2/v2', 'p3/v1'].map((ref) => {
    const [project = '', name = ''] = ref.split('/');
    return { project, version: name };
  });
  const spec: JobSpec = {
    collections: [],
    faces: [],
    subjects: [],
    projectVersions: [{ arns: listed, deleteProjectWhenEmpty: true }],
  };
  const env = await startEnv({ seed: world });
  try {
    const expected = expectedDeletions(
      settled(captureWorld(env.emulator)),
      resolveJob(spec, env.emulator, Date.now()),
      Date.now(),
    );
    // The oracle itself must say what the contract says, or checkCase would only compare two wrong answers.
    expect(expected.projects).toEqual(['p1']);
  } finally {
    await closeEnv(env);
  }
  await checkCase(world, spec);
}, 120_000);

/** The NOT_FOUND failures the report lists: each subject's named collections that the world does not hold. */
function namedMissingCollections(
  before: ReturnType<typeof settled>,
  job: { subjects?: { collectionIds?: string[] }[] },
) {
  return (job.subjects ?? []).flatMap((subject, index) =>
    [...new Set(subject.collectionIds ?? [])]
      .filter((id) => !(id in before.collections))
      .map((id) => ({ kind: 'subject', id, error: 'NOT_FOUND', detail: `subjects[${index}]` })),
  );
}
