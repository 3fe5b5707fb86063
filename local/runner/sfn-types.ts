import type { RunOptions, StateMachine } from '../vendor/aws-local-stepfunctions';

/** aws-local-stepfunctions declares these types but does not export them; derive them from what it does export. */
export type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type JsonValue = Parameters<StateMachine['run']>[0];
