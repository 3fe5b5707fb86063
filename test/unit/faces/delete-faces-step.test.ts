import type { FaceDeletionProgress, FaceDeletionTarget, WorkItem } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { deleteFacesStep } from '../../../lambdas/core/faces/delete-faces-step';
import { userDeletionToken } from '../../../lambdas/core/faces/delete-user';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import {
  faceIdOf,
  faceIdsOf as faceIds,
  ManualClock,
  type TestRekognition,
  testRekognition,
  throttled,
} from '../../support/in-process-rekognition';
import { finishedFaceDeletion } from '../../support/job-state';

const COLLECTION = 'photos';
/** A named face, as the UUID the service wants. */
const id = faceIdOf;
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:cleanup:job-1';

function target(ids: string[], extra: Partial<FaceDeletionTarget> = {}): FaceDeletionTarget {
  return {
    collectionId: COLLECTION,
    faceIds: ids,
    source: 'faces[0]',
    existingFaceCount: ids.length,
    collectionProtected: false,
    ...extra,
  };
}

function workItem(
  t: FaceDeletionTarget,
  progress: FaceDeletionProgress | { done: false } = { done: false },
): WorkItem<FaceDeletionTarget, FaceDeletionProgress> {
  return { target: t, executionId: EXECUTION, dryRun: false, progress };
}

/** A budget that runs out as soon as the first DeleteFaces call of the invocation is answered. */
function budgetForOneBatch(fake: TestRekognition): TimeBudget {
  const clock = new ManualClock();
  fake.beforeCall = (call) => {
    if (call.name === 'DeleteFaces') clock.now += 1_000;
  };
  return new TimeBudget(500, 0, clock.read);
}

describe('deleteFacesStep', () => {
  it.each([true, undefined])('refuses dryRun=%s before any call', async (dryRun) => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('a') }] });
    const item = { ...workItem(target([id('a')], { deleteUserId: 'alice' })), dryRun: dryRun as boolean };

    await expect(deleteFacesStep(fake.client, item, TimeBudget.unlimited())).rejects.toMatchObject({
      name: ErrorNames.UnsafeOperation,
    });
    expect(fake.calls).toEqual([]);
  });

  it('deletes the user first, with a deterministic token, then the faces found while planning', async () => {
    const fake = testRekognition({
      [COLLECTION]: [
        { faceId: id('a1'), userId: 'alice' },
        { faceId: id('a2'), userId: 'alice' },
        { faceId: id('photo-of-alice') },
        { faceId: id('bob-1'), userId: 'bob' },
      ],
    });
    const t = target([id('a1'), id('a2'), id('photo-of-alice')], { deleteUserId: 'alice', source: 'subjects[0]' });

    const progress = await deleteFacesStep(fake.client, workItem(t), TimeBudget.unlimited());

    expect(fake.calls.map((call) => call.name)).toEqual(['DeleteUser', 'DeleteFaces']);
    expect(fake.callsOf('DeleteUser')).toEqual([
      {
        CollectionId: COLLECTION,
        UserId: 'alice',
        ClientRequestToken: userDeletionToken({ executionId: EXECUTION }, COLLECTION, 'alice', 'subjects[0]'),
      },
    ]);
    expect(progress).toMatchObject({ done: true, userOutcome: 'DELETED', deleted: 3, nextIndex: 3, failedCount: 0 });
    expect(fake.liveFaceIds(COLLECTION)).toEqual([id('bob-1')]);
    expect(fake.liveUserIds(COLLECTION)).toEqual(['bob']);
  });

  it('records ALREADY_ABSENT for a user that is gone and still deletes the faces', async () => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('a1') }] });

    const progress = await deleteFacesStep(
      fake.client,
      workItem(target([id('a1')], { deleteUserId: 'alice' })),
      TimeBudget.unlimited(),
    );

    expect(progress).toMatchObject({ done: true, userOutcome: 'ALREADY_ABSENT', deleted: 1 });
  });

  it('derives a token per execution (name and start), collection and user, within ClientRequestToken constraints', () => {
    const run = { executionId: EXECUTION, startedAt: '2026-11-22T00:00:00.000Z' };
    const token = userDeletionToken(run, COLLECTION, 'alice');

    expect(token).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(userDeletionToken({ ...run }, COLLECTION, 'alice')).toBe(token);
    expect(userDeletionToken({ ...run, executionId: `${EXECUTION}-2` }, COLLECTION, 'alice')).not.toBe(token);
    // The same execution name started again (a local re-run under the same requestId) must not replay.
    expect(userDeletionToken({ ...run, startedAt: '2026-11-23T00:00:00.000Z' }, COLLECTION, 'alice')).not.toBe(token);
    expect(userDeletionToken(run, 'other', 'alice')).not.toBe(token);
    expect(userDeletionToken(run, COLLECTION, 'bob')).not.toBe(token);
    // Two subjects naming one user: the second must not replay the first's answer.
    expect(userDeletionToken(run, COLLECTION, 'alice', 'subjects[1]')).not.toBe(
      userDeletionToken(run, COLLECTION, 'alice', 'subjects[0]'),
    );
    expect(token).not.toContain('alice');
  });

  it('stops between batches when the budget runs out and resumes exactly where it stopped', async () => {
    const ids = faceIds(10_000);
    const fake = testRekognition({ [COLLECTION]: ids.map((faceId) => ({ faceId })) });
    const t = target(ids);

    const first = await deleteFacesStep(fake.client, workItem(t), budgetForOneBatch(fake));
    expect(first).toMatchObject({ done: false, nextIndex: 4096, deleted: 4096, invocations: 1 });

    const second = await deleteFacesStep(fake.client, workItem(t, first), budgetForOneBatch(fake));
    expect(second).toMatchObject({ done: false, nextIndex: 8192, deleted: 8192, invocations: 2 });

    const third = await deleteFacesStep(fake.client, workItem(t, second), budgetForOneBatch(fake));
    expect(third).toMatchObject({ done: true, nextIndex: 10_000, deleted: 10_000, invocations: 3, failedCount: 0 });

    const sent = fake.idsSentToDeleteFaces();
    expect(sent).toHaveLength(ids.length);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('never mutates the progress it was given', async () => {
    const ids = faceIds(5000);
    const fake = testRekognition({ [COLLECTION]: ids.map((faceId) => ({ faceId })) });
    const first = await deleteFacesStep(fake.client, workItem(target(ids)), budgetForOneBatch(fake));
    const snapshot = structuredClone(first);

    await deleteFacesStep(fake.client, workItem(target(ids), first), TimeBudget.unlimited());

    expect(first).toEqual(snapshot);
  });

  it('converges when an invocation crashes after some deletes and is retried with the same input', async () => {
    const ids = faceIds(10_000);
    const fake = testRekognition({
      [COLLECTION]: ids.map((faceId, i) => (i < 50 ? { faceId, userId: 'alice' } : { faceId })),
    });
    const item = workItem(target(ids, { deleteUserId: 'alice' }));
    let crashed = false;
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 2 && !crashed) {
        crashed = true;
        throw new Error('Sandbox.Timedout');
      }
    };

    await expect(deleteFacesStep(fake.client, item, TimeBudget.unlimited())).rejects.toThrow('Sandbox.Timedout');
    const retried = await deleteFacesStep(fake.client, item, TimeBudget.unlimited());

    expect(retried).toMatchObject({ done: true, nextIndex: 10_000, userOutcome: 'DELETED', failedCount: 0 });
    expect(retried.deleted + retried.alreadyAbsentCount).toBe(10_000);
    expect(retried.alreadyAbsentCount).toBe(4096);
    const tokens = fake.callsOf('DeleteUser').map((input) => input.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
    expect(fake.liveUserIds(COLLECTION)).toEqual([]);
  });

  it('does not delete the user again once its outcome is recorded', async () => {
    const ids = faceIds(3);
    const fake = testRekognition({ [COLLECTION]: ids.map((faceId) => ({ faceId })) });
    const resumed = finishedFaceDeletion({ done: false, nextIndex: 1, userOutcome: 'DELETED', deleted: 1 });

    const progress = await deleteFacesStep(
      fake.client,
      workItem(target(ids, { deleteUserId: 'alice' }), resumed),
      TimeBudget.unlimited(),
    );

    expect(fake.callsOf('DeleteUser')).toEqual([]);
    expect(fake.idsSentToDeleteFaces()).toEqual(ids.slice(1));
    expect(progress).toMatchObject({ done: true, deleted: 3, invocations: 2 });
  });

  it('returns a finished progress unchanged without any call', async () => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('a') }] });
    const finished = { ...(await deleteFacesStep(fake.client, workItem(target([])), TimeBudget.unlimited())) };
    expect(finished.done).toBe(true);

    const again = await deleteFacesStep(fake.client, workItem(target([id('a')]), finished), TimeBudget.unlimited());

    expect(again).toBe(finished);
    expect(fake.calls).toEqual([]);
  });

  it('marks every remaining id absent once the collection is gone, without more calls', async () => {
    const ids = faceIds(9000);
    const fake = testRekognition();

    const progress = await deleteFacesStep(fake.client, workItem(target(ids)), TimeBudget.unlimited());

    expect(fake.callsOf('DeleteFaces')).toHaveLength(1);
    expect(progress).toMatchObject({ done: true, collectionAbsent: true, alreadyAbsentCount: 9000, deleted: 0 });
    expect(progress.alreadyAbsentSample).toHaveLength(100);
  });

  it('surfaces DeleteUser throttling as RekognitionThrottledError before touching faces', async () => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('a'), userId: 'alice' }] });
    fake.beforeCall = () => {
      throw throttled();
    };

    await expect(
      deleteFacesStep(fake.client, workItem(target([id('a')], { deleteUserId: 'alice' })), TimeBudget.unlimited()),
    ).rejects.toMatchObject({ name: ErrorNames.RekognitionThrottled });
    expect(fake.callsOf('DeleteFaces')).toEqual([]);
  });

  it('reads back a subject erasure: ListFaces by FaceIds and by UserId find nothing, so it is verified absent', async () => {
    const fake = testRekognition({
      [COLLECTION]: [{ faceId: id('a1'), userId: 'alice' }, { faceId: id('photo-of-alice') }, { faceId: id('other') }],
    });
    const t = target([id('a1'), id('photo-of-alice')], {
      deleteUserId: 'alice',
      source: 'subjects[0]',
      subjectErasure: true,
    });

    const progress = await deleteFacesStep(fake.client, workItem(t), TimeBudget.unlimited());

    expect(progress.verification).toEqual({ verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 });
    expect(fake.callsOf('ListFaces')).toEqual([
      expect.objectContaining({ CollectionId: COLLECTION, FaceIds: [id('a1'), id('photo-of-alice')] }),
      expect.objectContaining({ CollectionId: COLLECTION, UserId: 'alice' }),
    ]);
    expect(fake.liveFaceIds(COLLECTION)).toEqual([id('other')]);
  });

  it('never takes a face from another user in a subject erasure, even one associated after the plan', async () => {
    // Planned as unattributed; bob was given the face before the delete.
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('now-bobs'), userId: 'bob' }, { faceId: id('free') }] });
    const t = target([id('now-bobs'), id('free')], { source: 'subjects[0]', subjectErasure: true });

    const progress = await deleteFacesStep(fake.client, workItem(t), TimeBudget.unlimited());

    expect(fake.callsOf('DisassociateFaces')).toEqual([]);
    expect(fake.liveFaceIds(COLLECTION)).toEqual([id('now-bobs')]);
    expect(progress).toMatchObject({ deleted: 1, failedCount: 1 });
    expect(progress.failed).toEqual([
      { faceId: id('now-bobs'), reasons: ['ASSOCIATED_TO_AN_EXISTING_USER', 'HELD_BY_ANOTHER_USER'] },
    ]);
    // The read-back is honest about it: the face is still there.
    expect(progress.verification).toEqual({
      verifiedAbsent: false,
      stillPresent: [id('now-bobs')],
      userFacesPresent: 0,
    });
  });

  it('still disassociates for explicit face ids, and reads nothing back for them', async () => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('held'), userId: 'bob' }] });

    const progress = await deleteFacesStep(fake.client, workItem(target([id('held')])), TimeBudget.unlimited());

    expect(progress).toMatchObject({ deleted: 1, disassociated: 1, failedCount: 0 });
    expect(progress.verification).toBeUndefined();
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('costs one call where the search found nobody and DeleteUser finds no user: its answer is the read-back', async () => {
    const fake = testRekognition({ [COLLECTION]: [{ faceId: id('other'), userId: 'bob' }] });
    const t = target([], { deleteUserId: 'alice', source: 'subjects[0]', subjectErasure: true });

    const progress = await deleteFacesStep(fake.client, workItem(t), TimeBudget.unlimited());

    expect(fake.calls.map((call) => call.name)).toEqual(['DeleteUser']);
    expect(progress).toMatchObject({ done: true, userOutcome: 'ALREADY_ABSENT', deleted: 0 });
    expect(progress.verification).toEqual({ verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 });
  });

  it('reads back by UserId where DeleteUser deleted a user the search found without faces', async () => {
    const fake = testRekognition([{ id: COLLECTION, users: [{ userId: 'alice' }] }]);
    const t = target([], { deleteUserId: 'alice', source: 'subjects[0]', subjectErasure: true });

    const progress = await deleteFacesStep(fake.client, workItem(t), TimeBudget.unlimited());

    expect(fake.calls.map((call) => [call.name, call.input.UserId])).toEqual([
      ['DeleteUser', 'alice'],
      ['ListFaces', 'alice'],
    ]);
    expect(progress).toMatchObject({ userOutcome: 'DELETED', verification: { verifiedAbsent: true } });
    expect(fake.liveUserIds(COLLECTION)).toEqual([]);
  });
});
