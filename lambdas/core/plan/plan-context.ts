import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { Limiter } from '../async/limiter';
import { quote } from '../schema/issue-path';
import type { ProtectionSettings } from '../settings';
import type { CollectionInventory } from './collection-inventory';

/** What every section planner needs: read-only access to the account, and the job's fixed instant. */
export interface PlanContext {
  rekognition: RekognitionClient;
  /** Wraps every single Rekognition call, so the whole Plan keeps a bounded number in flight. */
  limit: Limiter;
  inventory: CollectionInventory;
  protection: ProtectionSettings;
  /** The execution's start: ages are computed from it, so a retried Plan decides the same. */
  startedAtMs: number;
}

/** `"cleanup:protect"="true"`, as notes and skip details show it. */
export function protectTagText(protection: ProtectionSettings): string {
  return `${quote(protection.protectTagKey)}=${quote(protection.protectTagValue)}`;
}

/** How many Rekognition calls the Plan keeps in flight. */
export const PLAN_CALLS_IN_FLIGHT = 8;
