import type { LaneEntry } from '../store/job-store';

/**
 * Spreads items over `laneCount` lanes so the lanes finish together: longest first, each to the lane with the least
 * work so far (LPT scheduling). Items keep their plan order within a lane. Deterministic: a retried Plan assigns the
 * same way.
 */
export function assignLanes<TTarget>(
  targets: readonly TTarget[],
  laneCount: number,
  cost: (target: TTarget) => number = () => 1,
): LaneEntry<TTarget>[][] {
  const count = Math.max(1, Math.min(laneCount, targets.length));
  const lanes: LaneEntry<TTarget>[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const order = targets.map((target, index) => ({ target, index, cost: cost(target) }));
  order.sort((a, b) => b.cost - a.cost || a.index - b.index);
  for (const { target, index, cost: itemCost } of order) {
    let lightest = 0;
    for (let lane = 1; lane < count; lane += 1) if (load[lane]! < load[lightest]!) lightest = lane;
    lanes[lightest]!.push({ index, target });
    load[lightest]! += itemCost;
  }
  for (const lane of lanes) lane.sort((a, b) => a.index - b.index);
  return targets.length === 0 ? [] : lanes;
}

/** The lane numbers a Map iterates over. */
export function laneNumbers(lanes: readonly unknown[]): number[] {
  return lanes.map((_, lane) => lane);
}
