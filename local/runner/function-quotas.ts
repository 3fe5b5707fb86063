import { DEFAULT_TPS, formatTpsQuotas, parseTpsQuotas, TPS_QUOTAS_VARIABLE } from '../../lambdas/core/rates/quotas';
import type { LocalWorkflow } from './definition-from-template';

/**
 * The workflow as if the stack had been deployed with `rekognitionTps` (same meaning as the stack's setting, which
 * it replaces; `*` is the rate of every operation not named): the functions that read the quotas get the new
 * setting in their environment, exactly where the synthesized template puts the stack's.
 */
export function withRekognitionTps(workflow: LocalWorkflow, tps: Record<string, number> | undefined): LocalWorkflow {
  if (tps === undefined) return workflow;
  const { '*': fallback = DEFAULT_TPS, ...perOperation } = tps;
  const setting = formatTpsQuotas({ default: fallback, perOperation });
  // The handlers would refuse a bad setting on their first call; refuse it before the run instead.
  parseTpsQuotas(setting);
  const functions = new Map(
    [...workflow.functions].map(([arn, fn]) => [
      arn,
      TPS_QUOTAS_VARIABLE in fn.environment
        ? { ...fn, environment: { ...fn.environment, [TPS_QUOTAS_VARIABLE]: setting } }
        : fn,
    ]),
  );
  return { ...workflow, functions };
}
