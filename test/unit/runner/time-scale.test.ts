import { allStates } from '../../../local/runner/all-states';
import { scaledRetriers, scaledWaits } from '../../../local/runner/time-scale';
import { workflowFromTemplate } from '../../../local/runner';
import { cachedTemplate } from '../../support/cached-template';

const definition = workflowFromTemplate(cachedTemplate()).definition;
const retriersOf = (def: typeof definition) =>
  [...allStates(def)].flatMap(([name, state]) => (state.Retry ?? []).map((retrier) => ({ name, retrier })));

describe('local runner time scale', () => {
  const scaled = scaledRetriers(definition, 0.01);

  test('every retrier of the deployed definition, nested Map and Parallel states included, is scaled', () => {
    const original = retriersOf(definition);
    const copy = retriersOf(scaled);
    // The worker Maps' tasks retry too: the nested ones must be reached, or they would wait for real.
    expect(original.filter(({ name }) => name === 'DeleteFaceGroup').length).toBeGreaterThan(0);
    expect(copy.map(({ name }) => name)).toEqual(original.map(({ name }) => name));
    copy.forEach(({ retrier }, i) => {
      const deployed = original[i]!.retrier as Record<string, unknown>;
      expect(retrier.IntervalSeconds).toBeCloseTo(((deployed.IntervalSeconds as number | undefined) ?? 1) * 0.01);
      if (deployed.MaxDelaySeconds !== undefined)
        expect(retrier.MaxDelaySeconds).toBeCloseTo((deployed.MaxDelaySeconds as number) * 0.01);
    });
  });

  test('backoff rate, cap, attempts, jitter and errors stay as deployed (the growth is what the soak must meet)', () => {
    const strip = ({ IntervalSeconds: _i, MaxDelaySeconds: _m, ...rest }: Record<string, unknown>) => rest;
    const deployed = retriersOf(definition).map(({ retrier }) => strip(retrier));
    expect(retriersOf(scaled).map(({ retrier }) => strip(retrier))).toEqual(deployed);
    expect(deployed.some((retrier) => (retrier.BackoffRate as number) > 1 && retrier.JitterStrategy === 'FULL')).toBe(
      true,
    );
  });

  test('the deployed definition itself is left untouched', () => {
    const throttled = retriersOf(definition).find(({ retrier }) => retrier.IntervalSeconds === 5);
    expect(throttled).toBeDefined();
    scaledRetriers(definition, 0.5);
    expect(throttled!.retrier.IntervalSeconds).toBe(5);
  });

  test('Wait states are scaled to milliseconds by name', () => {
    const waits = scaledWaits(definition, 0.01);
    const waitStates = [...allStates(definition)].filter(([, state]) => state.Type === 'Wait');
    expect(waitStates.length).toBeGreaterThan(0);
    for (const [name, state] of waitStates) {
      if (typeof state.Seconds === 'number') expect(waits[name]).toBeCloseTo(state.Seconds * 10);
    }
  });
});
