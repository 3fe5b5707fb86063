import { awsHistoryOfRun } from '../../local/runner';
import { faceIdsOf, facesOf } from '../support/world-faces';
import { e2eSuite, runJob } from './support/e2e-env';

/**
 * An erasure started by reference (`{ storedJob }`, as the intake and the CLI start them): the subject's ids are in
 * the job store only. Execution history is kept 90 days after an execution closes and cannot be deleted, so it
 * must hold none of them, nor may the report.
 */
const suite = e2eSuite();
const USER_ID = 'customer-4711042';
const IMAGES = ['customer-4711042-passport.jpg', 'customer-4711042-selfie.png'];

test('an erasure started by reference leaves no raw subject id in the history or the report', async () => {
  const env = await suite.start({
    seed: {
      collections: [
        {
          id: 'kyc-eu',
          faces: [
            ...facesOf(0x71, 2, () => ({ userId: USER_ID })),
            ...facesOf(0x72, 1, () => ({ externalImageId: IMAGES[0] })),
            ...facesOf(0x73, 3),
          ],
          users: [{ userId: USER_ID, faceIds: faceIdsOf(0x71, 2) }],
        },
        { id: 'kyc-us', faces: facesOf(0x74, 2) },
      ],
    },
  });
  const job = { requestId: 'gdpr-4711', subjects: [{ userId: USER_ID, externalImageIds: IMAGES }] };
  const { run, report } = await runJob(env, job, { storeJobInput: true });

  expect(run.status).toBe('SUCCEEDED');
  expect(report?.deleted.faces).toBe(3);
  const history = JSON.stringify(awsHistoryOfRun(run));
  const started = history.match(/"ExecutionStarted"/g) ?? [];
  expect(started).toHaveLength(1);
  for (const text of [history, JSON.stringify(report), run.cause ?? '', JSON.stringify(run.output)]) {
    for (const id of [USER_ID, ...IMAGES]) expect(text).not.toContain(id);
  }
  // The check can fail: the same job started inline carries the ids into the history.
  const inline = await runJob(env, job, { executionName: 'inline' });
  expect(JSON.stringify(awsHistoryOfRun(inline.run))).toContain(USER_ID);
});

test('a reference to a job that is not stored is refused as an invalid job, before any Rekognition call', async () => {
  const env = await suite.start({ seed: { collections: [{ id: 'c', faces: facesOf(0x75, 1) }] } });
  const { run, stats } = await runJob(env, { storedJob: '0123456789abcdef' });
  expect(run.status).toBe('FAILED');
  expect(run.error).toBe('InvalidJobError');
  expect(stats.total.calls).toBe(0);
});
