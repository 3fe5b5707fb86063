import { memberReport } from '../../../lambdas/core/erasure/member-report';
import type { CleanupReport, SubjectCollectionReport } from '../../../lambdas/core/report/types';

/** A batch's report split per member: each request sees its own subject's results and failures only. */
const collection = (collectionId: string, facesDeleted: number, faceIds: string[]): SubjectCollectionReport => ({
  collectionId,
  outcome: facesDeleted > 0 ? 'DELETED' : 'ALREADY_ABSENT',
  facesDeleted,
  faceIds,
  alreadyAbsent: 0,
  failed: { count: 0, faces: [] },
  collectionProtected: false,
});

const batch: CleanupReport = {
  jobId: 'job-1',
  executionId: 'arn:aws:states:eu-west-1:123456789012:execution:cleanup:erasure-batch-1',
  requestId: 'erasure-batch-1',
  dryRun: false,
  status: 'PARTIALLY_FAILED',
  startedAt: '2026-11-22T09:03:00Z',
  finishedAt: '2026-11-22T09:04:00Z',
  planned: {
    plannedDeletions: 3,
    faces: 3,
    collections: 0,
    users: 0,
    projectVersions: 0,
    projects: 0,
    projectVersionStops: 0,
  },
  deleted: { faces: 3, collections: 0, users: 0, projectVersions: 0, projects: 0 },
  counts: { alreadyAbsent: 0, skipped: 0, failed: 1 },
  collections: [],
  faces: [],
  subjects: [
    {
      source: 'subjects[0]',
      subjectRef: 'hmac:a',
      collectionsSearched: 1,
      facesFound: 2,
      collections: [collection('kyc-eu', 2, ['f1', 'f2'])],
    },
    {
      source: 'subjects[1]',
      subjectRef: 'hmac:b',
      collectionsSearched: 1,
      facesFound: 1,
      collections: [collection('kyc-us', 1, ['f3'])],
    },
  ],
  projectVersions: [],
  projects: [],
  skipped: [],
  absent: [],
  // subjects[1] named a collection that does not exist.
  failures: [{ kind: 'subject', id: 'kyc-ue', error: 'NOT_FOUND', detail: 'subjects[1]' }],
  notes: ['subjects[0]: erased in protected collection "kyc-eu"; the protect tag does not block a legal request'],
};

test('a member whose subject ran clean succeeds, whatever another member named', () => {
  const alice = memberReport(batch, 0, 'crm-alice');
  expect(alice).toMatchObject({ requestId: 'crm-alice', status: 'SUCCEEDED', failures: [], counts: { failed: 0 } });
  expect(alice.subjects).toEqual([expect.objectContaining({ subjectRef: 'hmac:a', source: 'subjects[0]' })]);
  expect(alice.deleted.faces).toBe(2);
  expect(alice.notes).toHaveLength(1);
});

test("a member's own NOT_FOUND fails that member, renumbered as its own job", () => {
  const bob = memberReport(batch, 1, 'crm-bob');
  expect(bob).toMatchObject({ status: 'PARTIALLY_FAILED', counts: { failed: 1 } });
  expect(bob.failures).toEqual([{ kind: 'subject', id: 'kyc-ue', error: 'NOT_FOUND', detail: 'subjects[0]' }]);
  expect(bob.subjects.map((s) => s.subjectRef)).toEqual(['hmac:b']);
  expect(bob.deleted.faces).toBe(1);
  expect(bob.notes).toEqual([]);
});

test('a failure that names no subject is every member’s: none is hidden', () => {
  const report = { ...batch, failures: [{ kind: 'execution', id: 'report', error: 'boom' }] };
  expect(memberReport(report, 0, 'a').status).toBe('PARTIALLY_FAILED');
  expect(memberReport(report, 1, 'b').status).toBe('PARTIALLY_FAILED');
});
