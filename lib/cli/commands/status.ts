import type { DescribeExecutionCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import type * as SfnSdk from '@aws-sdk/client-sfn';
import { JSON_OPTION, REGION_OPTION } from '../args';
import { regionOfArn } from '../aws-clients';
import type * as ExecutionFollower from '../execution-follower';
import type * as ExecutionHistory from '../execution-history';
import { latestProgressLines } from '../history-progress';
import { ExitCode, UsageError, writeLine } from '../io';
import { printOutcome } from '../print-outcome';
import type { Command } from './command';

// Loaded when the command runs (require), not with the CLI: `--help` and usage errors come at once.
const sfnSdk = () => require('@aws-sdk/client-sfn') as typeof SfnSdk;
const executionFollower = () => require('../execution-follower') as typeof ExecutionFollower;
const executionHistory = () => require('../execution-history') as typeof ExecutionHistory;

const EXECUTION_ARN = /^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;

export const statusCommand: Command = {
  name: 'status',
  synopsis: '<execution-arn>',
  summary:
    'Where a deployed execution is: while it runs, its start time and latest progress (exit 0); once it has ended, its report or error, with the exit code of the outcome.',
  options: { ...REGION_OPTION, ...JSON_OPTION },
  maxPositionals: 1,
  async run(args, { io, deps }) {
    const executionArn = args.positionals[0];
    if (executionArn === undefined) throw new UsageError('status needs the execution ARN that run printed');
    if (!EXECUTION_ARN.test(executionArn)) {
      throw new UsageError('not an execution ARN (arn:aws:states:<region>:<account>:execution:<machine>:<name>)');
    }
    const sfn = deps.awsClients({ region: args.string('region') ?? regionOfArn(executionArn) }).sfn();
    const execution = await describe(sfn, executionArn);
    const json = args.flag('json');
    if (!executionFollower().isRunning(execution))
      return printOutcome(executionFollower().outcomeOfExecution(execution), json, io);

    const latestProgress = latestProgressLines(await executionHistory().latestEvents(sfn, executionArn));
    const startDate = execution.startDate?.toISOString();
    if (json) {
      const running = { executionArn, name: execution.name, status: execution.status, startDate, latestProgress };
      writeLine(io.stdout, JSON.stringify(running, null, 2));
      return ExitCode.Succeeded;
    }
    const since = execution.startDate
      ? ` since ${startDate} (${elapsed(deps.now().getTime() - execution.startDate.getTime())})`
      : '';
    writeLine(io.stdout, `Execution ${execution.name ?? executionArn}: ${execution.status}${since}`);
    writeLine(io.stdout, 'Latest progress:');
    for (const line of latestProgress.length > 0 ? latestProgress : ['(nothing yet)']) {
      writeLine(io.stdout, `  ${line.trimStart()}`);
    }
    return ExitCode.Succeeded;
  },
};

async function describe(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  try {
    return await sfn.send(new (sfnSdk().DescribeExecutionCommand)({ executionArn }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') {
      throw new UsageError(`no such execution: ${executionArn} (wrong account or --region?)`);
    }
    throw error;
  }
}

function elapsed(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
