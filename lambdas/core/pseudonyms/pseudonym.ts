import { type SubjectKey, subjectKeyFromEnv } from './subject-key';

/**
 * Subject identifiers (user ids, external image ids) are personal data: logs, reports, receipts and events carry
 * this pseudonym instead, `hmac:<HMAC-SHA-256, base64url>`. With one key for the organisation (a multi-Region KMS
 * key, or one key named by configuration), the same person has the same pseudonym in every region and account,
 * so receipts can be joined; without the key, a pseudonym cannot be reversed or recomputed.
 */
export async function pseudonym(id: string): Promise<string> {
  let known = memo.get(id);
  if (known === undefined) {
    key ??= subjectKeyFromEnv();
    known = key.mac(id).then((mac) => `hmac:${mac}`);
    // A failed call must not stay cached: the next invocation tries again.
    known.catch(() => memo.delete(id));
    memo.set(id, known);
    if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  }
  return known;
}

/** Use this key (tests; the CLI's `--subject-key-file`); undefined: from the environment again. */
export function useSubjectKey(subjectKey: SubjectKey | undefined): void {
  key = subjectKey;
  memo.clear();
}

/** One GenerateMac per identifier per warm function, not per log line. */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, Promise<string>>();
let key: SubjectKey | undefined;
