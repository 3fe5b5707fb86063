import type * as Fingerprint from '../../../lambdas/core/erasure/fingerprint';
import type * as Pseudonym from '../../../lambdas/core/pseudonyms/pseudonym';
import type { ReceiptRecord, ReceiptsTable } from '../../../lambdas/core/erasure/receipts-store';
import { type SubjectKey } from '../../../lambdas/core/pseudonyms/subject-key';
import type * as SubjectKeys from '../../../lambdas/core/pseudonyms/subject-key';
import { JSON_OPTION, type ParsedArgs, REGION_OPTION } from '../args';
import { regionOfArn } from '../aws-clients';
import type { CliContext } from '../cli-context';
import type * as DeployedStack from '../deployed-stack';
import { ExitCode, UsageError, writeLine } from '../io';
import { type ReceiptFilter } from '../receipts/receipt-query';
import type * as ReceiptQuery from '../receipts/receipt-query';
import type * as FormatReceipts from '../receipts/format-receipts';
import type { Command } from './command';

// Loaded when the command runs (require), not with the CLI: `--help` and usage errors come at once.
const fingerprint = () => require('../../../lambdas/core/erasure/fingerprint') as typeof Fingerprint;
const pseudonym = () => require('../../../lambdas/core/pseudonyms/pseudonym') as typeof Pseudonym;
const subjectKeys = () => require('../../../lambdas/core/pseudonyms/subject-key') as typeof SubjectKeys;
const deployedStack = () => require('../deployed-stack') as typeof DeployedStack;
const receiptQuery = () => require('../receipts/receipt-query') as typeof ReceiptQuery;
const formatReceipts = () => require('../receipts/format-receipts') as typeof FormatReceipts;

const ACTIONS = ['list', 'show', 'export', 'subject-ref'] as const;

export const receiptsCommand: Command = {
  name: 'receipts',
  synopsis: 'list|show <requestId>|export|subject-ref [--stack-name <name>] [options]',
  summary:
    "The erasure receipts of the deployed stack (--stack-name or --state-machine-arn), or of local runs (without them), for the privacy team: list them (status, received and due times, the legal deadline, the requester), show one, export them all, or compute a person's subjectRef with the stack's KMS key and find that person's receipts.",
  options: {
    'stack-name': {
      type: 'string',
      value: '<name>',
      description: 'The deployed stack (its outputs name the table). Without it: the local receipts.',
    },
    'state-machine-arn': {
      type: 'string',
      value: '<arn>',
      description: 'Or: its state machine (the stack is found from its CloudFormation tag).',
    },
    ...REGION_OPTION,
    open: { type: 'boolean', description: 'list/export: erasures still in progress only.' },
    overdue: { type: 'boolean', description: 'list/export: in progress past their due time only.' },
    since: { type: 'string', value: '<time>', description: 'list/export: received at or after this ISO-8601 time.' },
    format: { type: 'string', value: 'csv|json', description: 'export: the format (default csv).' },
    'user-id': { type: 'string', value: '<id>', description: 'subject-ref: the UserId, as the request gave it.' },
    'external-image-id': {
      type: 'string',
      multiple: true,
      value: '<id>',
      description: "subject-ref: the request's ExternalImageIds (repeatable), if it gave any.",
    },
    ...JSON_OPTION,
  },
  maxPositionals: 2,
  run: runReceipts,
};

async function runReceipts(args: ParsedArgs, { io, deps }: CliContext): Promise<number> {
  const [action, requestId] = args.positionals;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    throw new UsageError(`receipts needs one of: ${ACTIONS.join(', ')}`);
  }
  if (action === 'show' && requestId === undefined) throw new UsageError('receipts show needs the requestId');
  if (action !== 'show' && requestId !== undefined) throw new UsageError(`unexpected argument "${requestId}"`);
  const target = { stackName: args.string('stack-name'), stateMachineArn: args.string('state-machine-arn') };
  if (target.stackName !== undefined && target.stateMachineArn !== undefined) {
    throw new UsageError('give --stack-name or --state-machine-arn, not both');
  }
  const local = target.stackName === undefined && target.stateMachineArn === undefined;
  const format = args.string('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const filter = filterOf(args);
  const subject = action === 'subject-ref' ? subjectOf(args) : undefined;

  const source = local ? await localSource() : await deployedSource(deps, args, target);
  const now = deps.now();
  let subjectRef: string | undefined;
  let all: ReceiptRecord[];
  try {
    // The pseudonym the intake recorded: the same key over the same ids (lambdas/core/erasure). Deployed, the
    // stack's KMS HMAC key; locally, the local key file (default: no key set).
    if (subject !== undefined) {
      pseudonym().useSubjectKey(source.subjectKey);
      try {
        subjectRef = await fingerprint().subjectRefOf(subject);
      } finally {
        pseudonym().useSubjectKey(undefined);
      }
    }
    all = await receiptQuery().allReceipts(source.table.client, source.table.tableName);
  } finally {
    await source.close();
  }
  const receipts = receiptQuery().filterReceipts(
    all,
    {
      ...filter,
      ...(requestId === undefined ? {} : { requestId }),
      ...(subjectRef === undefined ? {} : { subjectRef }),
    },
    now,
  );

  if (action === 'export') {
    writeLine(
      io.stdout,
      format === 'json' ? formatReceipts().receiptsJson(receipts) : formatReceipts().receiptsCsv(receipts),
    );
    return ExitCode.Succeeded;
  }
  if (args.flag('json')) {
    const body = JSON.parse(formatReceipts().receiptsJson(receipts)) as unknown[];
    writeLine(io.stdout, JSON.stringify(subjectRef === undefined ? body : { subjectRef, receipts: body }, null, 2));
  } else if (action === 'show') {
    writeLine(
      io.stdout,
      receipts.length === 0 ? `no receipt for requestId "${requestId}"` : formatReceipts().receiptsJson(receipts),
    );
  } else {
    if (subjectRef !== undefined) writeLine(io.stdout, `subjectRef ${subjectRef}`);
    writeLine(io.stdout, formatReceipts().receiptTable(receipts, now));
  }
  // Asked for one request, or one person, and found nothing: a script must be able to tell.
  return (action === 'show' || action === 'subject-ref') && receipts.length === 0
    ? ExitCode.Failed
    : ExitCode.Succeeded;
}

interface ReceiptSource {
  table: ReceiptsTable;
  subjectKey?: SubjectKey;
  close(): Promise<void>;
}

async function deployedSource(
  deps: CliContext['deps'],
  args: ParsedArgs,
  target: { stackName?: string; stateMachineArn?: string },
): Promise<ReceiptSource> {
  const aws = deps.awsClients({ region: args.string('region') ?? regionOfArn(target.stateMachineArn) });
  const stack = await deployedStack().deployedStack(aws, target);
  return {
    table: { client: aws.documents(), tableName: stack.receiptsTable },
    subjectKey: subjectKeys().kmsSubjectKey(aws.kms(), stack.subjectKeyArn),
    close: async () => undefined,
  };
}

/** Loaded only here: the CLI's deployed mode never loads local/. */
async function localSource(): Promise<ReceiptSource> {
  const { openLocalReceipts } = await import('../../../local/store/local-receipts');
  return openLocalReceipts();
}

function filterOf(args: ParsedArgs): ReceiptFilter {
  const since = args.string('since');
  const sinceDate = since === undefined ? undefined : new Date(since);
  if (sinceDate !== undefined && Number.isNaN(sinceDate.getTime())) {
    throw new UsageError('--since must be an ISO-8601 time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z');
  }
  return {
    ...(args.flag('open') ? { open: true } : {}),
    ...(args.flag('overdue') ? { overdue: true } : {}),
    ...(sinceDate === undefined ? {} : { since: sinceDate }),
  };
}

function subjectOf(args: ParsedArgs): { userId?: string; externalImageIds?: string[] } {
  const userId = args.string('user-id');
  // Sorted and deduplicated, as the intake normalises a request's subject before it makes the pseudonym.
  const externalImageIds = [...new Set(args.strings('external-image-id'))].sort();
  if (userId === undefined && externalImageIds.length === 0) {
    throw new UsageError('receipts subject-ref needs --user-id and/or --external-image-id');
  }
  return {
    ...(userId === undefined ? {} : { userId }),
    ...(externalImageIds.length === 0 ? {} : { externalImageIds }),
  };
}
