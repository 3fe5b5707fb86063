import { functionEnv } from '../function-env';
/**
 * Rekognition's per-account TPS quotas, as configuration. Format (same as the emulator's --tps):
 * `"*=5,DeleteFaces=5,ListFaces=5"`; `*` is the default for every other operation.
 *
 * The default of 5 TPS for every operation is deliberately conservative: it is at or below the default quota of the
 * storage operations this workflow calls in every region we know of. Raise it to your account's applied quotas
 * (Service Quotas console) to go faster.
 */
export interface TpsQuotas {
  default: number;
  perOperation: Record<string, number>;
}

export const DEFAULT_TPS = 5;

/** 5 TPS for every operation. */
export const DEFAULT_QUOTAS: TpsQuotas = Object.freeze({ default: DEFAULT_TPS, perOperation: {} });

export function parseTpsQuotas(raw: string | undefined): TpsQuotas {
  const quotas: TpsQuotas = { default: DEFAULT_TPS, perOperation: {} };
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [operation, value] = entry.split('=');
    const tps = Number(value);
    if (!operation || !Number.isFinite(tps) || tps <= 0)
      throw new Error(`invalid TPS quota "${entry}" (expected Operation=number)`);
    if (operation === '*') quotas.default = tps;
    else quotas.perOperation[operation] = tps;
  }
  return quotas;
}

export function formatTpsQuotas(quotas: TpsQuotas): string {
  return [`*=${quotas.default}`, ...Object.entries(quotas.perOperation).map(([op, tps]) => `${op}=${tps}`)].join(',');
}

export function tpsOf(quotas: TpsQuotas, operation: string): number {
  return quotas.perOperation[operation] ?? quotas.default;
}

/** The functions' environment variable that holds the quotas, in the format above. */
export const TPS_QUOTAS_VARIABLE = 'REKOGNITION_TPS';

export function quotasFromEnv(env: NodeJS.ProcessEnv = functionEnv()): TpsQuotas {
  return parseTpsQuotas(env[TPS_QUOTAS_VARIABLE]);
}
