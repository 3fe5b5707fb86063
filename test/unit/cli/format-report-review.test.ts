import { formatReport } from '../../../lib/cli/format-report';
import { erasureReport, REVIEW_FACE } from '../erasure/support/erasure-reports';

test('the printed report lists the faces to review with their collection, and says NEEDS_REVIEW', () => {
  const text = formatReport(erasureReport('needs-review', 'arn:aws:states:eu-west-1:1:execution:sm:x').report);
  expect(text).toMatch(/^Job crm-2026-000123: NEEDS_REVIEW$/m);
  expect(text).toContain(
    `Needs review (kept: the image id also labels other people):\n  subjects[0] kyc-eu  ${REVIEW_FACE}`,
  );
});

test('without faces to review, there is no such section', () => {
  const text = formatReport(erasureReport('succeeded', 'arn:aws:states:eu-west-1:1:execution:sm:x').report);
  expect(text).not.toContain('Needs review');
});
