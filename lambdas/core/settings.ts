import { functionEnv } from './function-env';
/** Deployment settings the functions read from their environment (set by lib/constructs/cleanup-workflow.ts). */
export interface ProtectionSettings {
  /** Tag key that protects a collection or project version from selectors. */
  protectTagKey: string;
  /** The value that means "protected" (compared case-insensitively). */
  protectTagValue: string;
}

export interface VersionPollSettings {
  maxPolls: number;
  maxWaitSeconds: number;
}

export function protectionFromEnv(env: NodeJS.ProcessEnv = functionEnv()): ProtectionSettings {
  return {
    protectTagKey: env.PROTECT_TAG_KEY ?? 'cleanup:protect',
    protectTagValue: env.PROTECT_TAG_VALUE ?? 'true',
  };
}

export function versionPollingFromEnv(env: NodeJS.ProcessEnv = functionEnv()): VersionPollSettings {
  return {
    maxPolls: positiveInt(env.MAX_VERSION_POLLS, 200),
    maxWaitSeconds: positiveInt(env.MAX_VERSION_WAIT_SECONDS, 12 * 3600),
  };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
