import type { ProjectVersionReport } from '../../lambdas/core/report/types';
import { PROTECT_TAG } from '../support/world-faces';
import { e2eSuite, mutatingOperations, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';

/**
 * Decommission by ARN: `deleteProjectWhenEmpty` with explicit version ARNs deletes each version's project once
 * nothing is left in it, and keeps it (NOT_EMPTY, with the count) when a protected version or a version the job
 * did not name remains. Run through the synthesized state machine, the real handlers and the emulator.
 */
const suite = e2eSuite();

const outcomes = (versions: ProjectVersionReport[] = []) =>
  Object.fromEntries(versions.map((v) => [v.versionArn.split('/')[3] ?? v.versionArn, v.outcome]));

test('retiring the last two versions by ARN deletes them and the project; a second run changes nothing', async () => {
  const env = await suite.start({
    seed: {
      projects: [
        {
          name: 'door-cam',
          versions: [
            { name: 'v1', createdDaysAgo: 50, status: 'STOPPED' },
            // The production model: explicit ARNs stop what they name, then the project is empty.
            { name: 'v2', createdDaysAgo: 10, status: 'RUNNING' },
          ],
        },
        { name: 'bystander', versions: [{ name: 'b1', createdDaysAgo: 50, status: 'STOPPED' }] },
      ],
    },
  });
  const before = captureWorld(env.emulator);
  const projectArn = projectArnIn(env.emulator, 'door-cam');
  const arns = ['v1', 'v2'].map((name) => versionArnIn(env.emulator, 'door-cam', name));
  const job = { projectVersions: [{ select: { arns }, deleteProjectWhenEmpty: true }] };

  const { run, report } = await runJob(env, job);

  expect(run.status).toBe('SUCCEEDED');
  expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
    onlyChanges({ projectsDeleted: ['door-cam'], versionsDeleted: ['door-cam/v1', 'door-cam/v2'] }),
  );
  expect(outcomes(report?.projectVersions)).toEqual({ v1: 'DELETED', v2: 'DELETED' });
  expect(report?.projects).toEqual([{ projectArn, outcome: 'DELETED' }]);
  expect(report?.deleted).toMatchObject({ projectVersions: 2, projects: 1 });

  // The project goes with its versions (it may still be DELETING for a moment, which the world diff counts as
  // deleted): the rerun finds none of the versions, so it targets nothing and sends nothing that changes anything.
  const again = await runJob(env, job);
  expect(again.run.status).toBe('SUCCEEDED');
  expect(mutatingOperations(again.stats)).toEqual([]);
  expect(again.report?.projects).toEqual([]);
  expect(again.report?.absent.map((item) => item.id).sort()).toEqual([...arns].sort());
});

test('retiring one of two versions by ARN keeps the project: NOT_EMPTY, 1 remaining', async () => {
  const env = await suite.start({
    seed: {
      projects: [
        {
          name: 'kiosk',
          versions: [
            { name: 'old', createdDaysAgo: 50, status: 'STOPPED' },
            { name: 'current', createdDaysAgo: 10, status: 'STOPPED' },
          ],
        },
      ],
    },
  });
  const before = captureWorld(env.emulator);
  const projectArn = projectArnIn(env.emulator, 'kiosk');

  const { run, report } = await runJob(env, {
    projectVersions: [{ select: { arns: [versionArnIn(env.emulator, 'kiosk', 'old')] }, deleteProjectWhenEmpty: true }],
  });

  expect(run.status).toBe('SUCCEEDED');
  expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({ versionsDeleted: ['kiosk/old'] }));
  expect(report?.projects).toEqual([{ projectArn, outcome: 'NOT_EMPTY', remainingVersions: 1 }]);
  expect(report?.deleted).toMatchObject({ projectVersions: 1, projects: 0 });
});

test('a protected version, even listed by ARN, keeps the project: skipped PROTECTED, NOT_EMPTY', async () => {
  const env = await suite.start({
    seed: {
      projects: [
        {
          name: 'gate',
          versions: [
            { name: 'g1', createdDaysAgo: 50, status: 'STOPPED' },
            { name: 'golden', createdDaysAgo: 40, status: 'STOPPED', tags: PROTECT_TAG },
          ],
        },
      ],
    },
  });
  const before = captureWorld(env.emulator);
  const projectArn = projectArnIn(env.emulator, 'gate');
  const golden = versionArnIn(env.emulator, 'gate', 'golden');

  const { run, report } = await runJob(env, {
    projectVersions: [
      { select: { arns: [versionArnIn(env.emulator, 'gate', 'g1'), golden] }, deleteProjectWhenEmpty: true },
    ],
  });

  expect(run.status).toBe('SUCCEEDED');
  expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({ versionsDeleted: ['gate/g1'] }));
  expect(report?.skipped).toEqual([expect.objectContaining({ id: golden, reason: 'PROTECTED' })]);
  expect(report?.projects).toEqual([{ projectArn, outcome: 'NOT_EMPTY', remainingVersions: 1 }]);
});

test('versions of several projects in one section: each project is handled on its own', async () => {
  const env = await suite.start({
    seed: {
      projects: [
        {
          name: 'north',
          versions: [
            { name: 'n1', createdDaysAgo: 50, status: 'STOPPED' },
            { name: 'n2', createdDaysAgo: 40, status: 'FAILED' },
          ],
        },
        {
          name: 'south',
          versions: [
            { name: 's1', createdDaysAgo: 50, status: 'STOPPED' },
            { name: 's2', createdDaysAgo: 40, status: 'STOPPED' },
          ],
        },
      ],
    },
  });
  const before = captureWorld(env.emulator);
  const arn = (project: string, version: string) => versionArnIn(env.emulator, project, version);

  const { run, report } = await runJob(env, {
    projectVersions: [
      { select: { arns: [arn('south', 's1'), arn('north', 'n1'), arn('north', 'n2')] }, deleteProjectWhenEmpty: true },
    ],
  });

  expect(run.status).toBe('SUCCEEDED');
  expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
    onlyChanges({ projectsDeleted: ['north'], versionsDeleted: ['north/n1', 'north/n2', 'south/s1'] }),
  );
  expect(report?.projects).toEqual([
    { projectArn: projectArnIn(env.emulator, 'south'), outcome: 'NOT_EMPTY', remainingVersions: 1 },
    { projectArn: projectArnIn(env.emulator, 'north'), outcome: 'DELETED' },
  ]);
});
