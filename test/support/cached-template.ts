import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StateMachine } from '../../local/vendor/aws-local-stepfunctions';
import type { CleanupStackProps } from '../../lib/cleanup-stack';
import { type CloudFormationTemplate, workflowFromTemplate } from '../../local/runner';
import { synthCleanupTemplate } from '../../scripts/synth-template';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
/** Everything the synthesized template is made from: a change to any of these makes a new cache entry. */
const TEMPLATE_INPUTS = ['lib', 'lambdas', 'local/runner', 'scripts', 'package-lock.json', 'cdk.json'];

/**
 * The stack most end-to-end suites run: quotas raised to 50 TPS per operation, as an account with applied quota
 * increases would configure them. Pacing is not what those suites prove (at the default 5 TPS one version poll waits
 * about a second for its rate share); suites about throttling set lower quotas on the emulator.
 */
export const FAST_QUOTAS_STACK_PROPS: CleanupStackProps = { workflow: { rekognitionTps: { '*': 50 } } };

const loaded = new Map<string, CloudFormationTemplate>();
let inputs: string | undefined;

/**
 * The synthesized stack, as `synthCleanupTemplate(props)` makes it, cached on disk under a hash of its inputs. Jest
 * gives every test file its own module registry and synthesis under ts-jest takes seconds: the disk cache pays that
 * once per source change instead of once per file.
 */
export function cachedTemplate(props: CleanupStackProps = FAST_QUOTAS_STACK_PROPS): CloudFormationTemplate {
  const propsHash = createHash('sha256').update(JSON.stringify(props)).digest('hex').slice(0, 12);
  const key = `${inputsHash()}-${propsHash}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const file = path.join(tmpdir(), 'rekognition-cleanup-templates', `template-${key}.json`);
  let template: CloudFormationTemplate;
  if (existsSync(file)) {
    template = JSON.parse(readFileSync(file, 'utf8')) as CloudFormationTemplate;
  } else {
    template = synthCleanupTemplate(props);
    mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename: another jest worker may be reading the same entry.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(template));
    renameSync(partial, file);
  }
  loaded.set(key, template);
  return template;
}

/**
 * Loads every handler and compiles the ASL schemas once, so the first job of a file does not spend seconds
 * compiling while an emulator's status transitions run on their own clock. Like the local runner, it turns off
 * CloudWatch embedded metrics on stdout first: Powertools reads that setting when the metrics module loads.
 */
export async function warmUpHandlers(template: CloudFormationTemplate): Promise<void> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const workflow = workflowFromTemplate(template);
  for (const fn of workflow.functions.values()) await import(path.join(PROJECT_ROOT, fn.entry));
  new StateMachine(workflow.definition, { validationOptions: { checkArn: false } });
}

/** Computed once per test file: a test must not switch templates halfway because someone saved a file. */
function inputsHash(): string {
  if (inputs !== undefined) return inputs;
  const hash = createHash('sha256');
  for (const input of TEMPLATE_INPUTS) {
    for (const file of filesUnder(path.join(PROJECT_ROOT, input))) {
      hash.update(path.relative(PROJECT_ROOT, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  inputs = hash.digest('hex').slice(0, 24);
  return inputs;
}

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}
