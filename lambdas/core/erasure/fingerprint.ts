import { pseudonym } from '../pseudonyms/pseudonym';

/**
 * A keyed hash of a job, to tell "the same request delivered twice" from "the same requestId reused for a
 * different subject" without storing the subject's ids. Keys are sorted so the hash does not depend on key order.
 */
export function jobFingerprint(job: unknown): Promise<string> {
  return pseudonym(canonicalJson(job));
}

/** JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The report's subjectRef for one subject (as finalize-plan computes it), so receipts and reports agree. */
export function subjectRefOf(subject: { userId?: string; externalImageIds?: string[] }): Promise<string> {
  return pseudonym([subject.userId ?? '', ...(subject.externalImageIds ?? [])].join('\n'));
}
