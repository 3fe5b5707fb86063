import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CleanupStackProps } from '../../../lib/cleanup-stack';
import { type CloudFormationTemplate, synthCleanupTemplate } from '../../../local/runner';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
/** Everything the synthesized template is made from: a change to any of these makes a new cache entry. */
const TEMPLATE_INPUTS = ['lib', 'lambdas', 'local/runner', 'package-lock.json', 'cdk.json'];

/**
 * The stack the e2e tests run. Rekognition quotas are raised to 50 TPS per operation, as an account with applied
 * quota increases would configure them: the emulator enforces no quota unless a test sets one, pacing is not what
 * these tests prove (the throttling test configures its own), and at the default 5 TPS a single version poll waits
 * about a second for its rate share.
 */
export const E2E_STACK_PROPS: CleanupStackProps = { workflow: { rekognitionTps: { '*': 50 } } };

const loaded = new Map<string, CloudFormationTemplate>();

/**
 * The synthesized stack, as `synthCleanupTemplate(props)` makes it, cached on disk under a hash of its inputs. Jest
 * gives every test file its own module registry, so the runner's in-memory cache is per file, and synthesis under
 * jest takes about 7 s: the disk cache pays that once per source change instead of once per e2e file.
 */
export function e2eTemplate(props: CleanupStackProps = E2E_STACK_PROPS): CloudFormationTemplate {
  const key = `${inputsHash()}-${createHash('sha256').update(JSON.stringify(props)).digest('hex').slice(0, 12)}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const file = path.join(tmpdir(), 'rekognition-cleanup-e2e', `template-${key}.json`);
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

let inputs: string | undefined;

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
