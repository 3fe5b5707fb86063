/**
 * What a running Custom Labels model costs per hour, estimated: AWS bills every hour a model runs for each of its
 * inference units. DescribeProjectVersions gives MinInferenceUnits and MaxInferenceUnits (the auto-scaling bounds),
 * not the units in service at the moment (CloudWatch's InServiceInferenceUnits has those), so the estimate is a range
 * from min to max. Only RUNNING versions are counted; adapters (CONTENT_MODERATION) have no inference units.
 */

/**
 * USD per inference unit-hour: the list price AWS states for Custom Labels inference in US East (N. Virginia).
 * Other regions and agreements differ: `--price-per-inference-unit-hour` sets it.
 */
export const DEFAULT_PRICE_PER_INFERENCE_UNIT_HOUR = 4;

export interface InferenceUnits {
  min?: number;
  max?: number;
}

export interface HourlyCost {
  min: number;
  max: number;
}

/** The version's estimated cost per hour, or undefined when it is not billed for inference or its units are unknown. */
export function estimateHourlyCost(
  status: string | undefined,
  feature: string | undefined,
  units: InferenceUnits,
  pricePerUnitHour: number,
): HourlyCost | undefined {
  if (status !== 'RUNNING' || feature === 'CONTENT_MODERATION') return undefined;
  // Without MaxInferenceUnits the model does not auto-scale: it runs on its minimum.
  const min = units.min ?? units.max;
  if (min === undefined) return undefined;
  const max = Math.max(min, units.max ?? min);
  return { min: round(min * pricePerUnitHour), max: round(max * pricePerUnitHour) };
}

export function addCosts(costs: readonly (HourlyCost | undefined)[]): HourlyCost {
  const known = costs.filter((cost): cost is HourlyCost => cost !== undefined);
  return {
    min: round(known.reduce((sum, cost) => sum + cost.min, 0)),
    max: round(known.reduce((sum, cost) => sum + cost.max, 0)),
  };
}

/** `4.00`, or `4.00-12.00` when auto-scaling leaves a range. */
export function costText(cost: HourlyCost): string {
  const money = (value: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return cost.min === cost.max ? money(cost.min) : `${money(cost.min)}-${money(cost.max)}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
