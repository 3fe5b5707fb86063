import type { StateMachineDefinition } from '../vendor/aws-local-stepfunctions';

export type AnyState = {
  Type: string;
  Resource?: string;
  Seconds?: number;
  Retry?: { IntervalSeconds?: number; MaxDelaySeconds?: number }[];
} & Record<string, unknown>;

/** Every state of the definition, nested Map and Parallel states included. */
export function* allStates(definition: Pick<StateMachineDefinition, 'States'>): Generator<[string, AnyState]> {
  for (const [name, state] of Object.entries(definition.States) as [string, AnyState][]) {
    yield [name, state];
    const processor = (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition | undefined;
    if (processor !== undefined) yield* allStates(processor);
    for (const branch of (state.Branches as StateMachineDefinition[] | undefined) ?? []) yield* allStates(branch);
  }
}
