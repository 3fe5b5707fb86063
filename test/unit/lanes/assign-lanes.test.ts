import { assignLanes } from '../../../lambdas/core/lanes/assign-lanes';

describe('assignLanes', () => {
  it('puts a big item alone and spreads the small ones over the other lanes', () => {
    const sizes = [5, 1000, 5, 5, 5, 5];
    const lanes = assignLanes(sizes, 3, (size) => size);
    expect(lanes).toHaveLength(3);
    const withBig = lanes.find((lane) => lane.some((entry) => entry.target === 1000))!;
    expect(withBig).toHaveLength(1);
    expect(
      lanes
        .flat()
        .map((entry) => entry.index)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps plan order within a lane, never makes more lanes than items, and none for no items', () => {
    const lanes = assignLanes(['a', 'b', 'c', 'd', 'e'], 2);
    for (const lane of lanes) {
      const indexes = lane.map((entry) => entry.index);
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    }
    expect(assignLanes(['a', 'b'], 10)).toHaveLength(2);
    expect(assignLanes([], 10)).toEqual([]);
  });

  it('is deterministic', () => {
    const sizes = [3, 9, 1, 9, 4, 4, 7];
    expect(assignLanes(sizes, 3, (s) => s)).toEqual(assignLanes(sizes, 3, (s) => s));
  });
});
