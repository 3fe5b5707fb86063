import type { VersionProgress } from '../../../lambdas/core/contracts';
import { versionWait } from '../../../lambdas/core/project-versions/version-wait';

const polled = (rest: Partial<VersionProgress>): VersionProgress => ({
  done: false,
  wait: 'SHORT',
  polls: 2,
  stopRequested: false,
  deleteRequested: false,
  ...rest,
});

describe('what an unsettled version waits for', () => {
  test.each([
    // Issue 15: a version whose deletion was just requested was printed as "TRAINING_COMPLETED, waiting".
    ['TRAINING_COMPLETED', { deleteRequested: true }, 'DELETION'],
    ['STOPPED', { stopRequested: true, deleteRequested: true }, 'DELETION'],
    ['DELETING', {}, 'DELETION'],
    ['RUNNING', { stopRequested: true }, 'STOP'],
    ['STOPPING', {}, 'STOP'],
    // StopProjectVersion refused mid-start: waiting for the start to end, then stopping.
    ['STARTING', {}, 'START'],
    ['STARTING', { stopRequested: true }, 'STOP'],
    ['TRAINING_IN_PROGRESS', {}, 'TRAINING'],
    ['COPYING_IN_PROGRESS', {}, 'COPYING'],
    ['SOMETHING_NEW', {}, 'KNOWN_STATUS'],
  ] as const)('last seen %s with %j: %s', (lastStatus, asked, expected) => {
    expect(versionWait(polled({ lastStatus, ...asked }))).toBe(expected);
  });
});
