/** Rekognition ARNs: how the emulator builds them and recognises them in TagResource & co. */

export interface ArnContext {
  region: string;
  accountId: string;
}

export type ParsedArn =
  | { kind: 'collection'; collectionId: string }
  | { kind: 'project'; projectName: string }
  | { kind: 'version'; projectName: string; versionName: string };

function prefix(context: ArnContext): string {
  return `arn:aws:rekognition:${context.region}:${context.accountId}:`;
}

/** ARN timestamps are 13-digit epoch milliseconds. */
function stamp(epochMs: number): string {
  return String(Math.floor(epochMs)).padStart(13, '0');
}

export function collectionArn(context: ArnContext, collectionId: string): string {
  return `${prefix(context)}collection/${collectionId}`;
}

export function projectArn(context: ArnContext, projectName: string, createdAt: number): string {
  return `${prefix(context)}project/${projectName}/${stamp(createdAt)}`;
}

export function versionArn(context: ArnContext, projectName: string, versionName: string, createdAt: number): string {
  return `${prefix(context)}project/${projectName}/version/${versionName}/${stamp(createdAt)}`;
}

/**
 * Recognises ARNs of this account and region. Anything else (other account, other service, malformed) is
 * undefined; callers turn that into ResourceNotFoundException, since such an ARN names nothing the emulator holds.
 */
export function parseArn(context: ArnContext, arn: string): ParsedArn | undefined {
  const head = prefix(context);
  if (!arn.startsWith(head)) return undefined;
  const parts = arn.slice(head.length).split('/');
  if (parts[0] === 'collection' && parts.length === 2 && parts[1]) {
    return { kind: 'collection', collectionId: parts[1] };
  }
  if (parts[0] !== 'project' || !parts[1]) return undefined;
  if (parts.length === 3 && /^\d{13}$/.test(parts[2] ?? '')) return { kind: 'project', projectName: parts[1] };
  if (parts.length === 5 && parts[2] === 'version' && parts[3] && /^\d{13}$/.test(parts[4] ?? '')) {
    return { kind: 'version', projectName: parts[1], versionName: parts[3] };
  }
  return undefined;
}
