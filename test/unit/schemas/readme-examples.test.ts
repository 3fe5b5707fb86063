/**
 * The examples the READMEs give other teams (jobs, a retention policy, an ErasureRequested event, a world file) and
 * the policies shipped in cdk.json are valid under the published schemas, so a copied example works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedSchemaValidator } from '../../support/published-schema';

const ROOT = join(__dirname, '..', '..', '..');

interface Block {
  lang: string;
  text: string;
  /** The nearest heading above the block. */
  heading: string;
  line: number;
}

function fencedBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let heading = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    const open = /^```(\w*)\s*$/.exec(line);
    if (open === null) continue;
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length && !(lines[index] as string).startsWith('```'); index += 1) {
      body.push(lines[index] as string);
    }
    blocks.push({ lang: open[1] ?? '', text: body.join('\n'), heading, line: start + 1 });
  }
  return blocks;
}

const README = fencedBlocks('README.md');
const jsonBlocks = (heading: string, blocks = README) =>
  blocks.filter((block) => block.lang === 'json' && block.heading === heading);

function expectValid(file: string, value: unknown): void {
  const validate = publishedSchemaValidator(file);
  const valid = validate(value);
  // The errors name the failing keyword and path, so a broken example says what to fix.
  expect(valid ? [] : validate.errors).toEqual([]);
}

describe('README examples against schemas/', () => {
  const jobs = jsonBlocks('Examples');
  test('the job examples are found (the list below cannot be silently empty)', () => {
    expect(jobs.length).toBeGreaterThanOrEqual(5);
  });
  test.each(jobs.map((block) => [block.line, block] as const))('the job at README.md:%i is a CleanupJob', (_, block) => {
    expectValid('cleanup-job.schema.json', JSON.parse(block.text));
  });

  test('the retention policy example is a retention policy', () => {
    const [policy] = jsonBlocks('Retention policies (scheduled purges)').filter((block) =>
      block.text.includes('"schedule"'),
    );
    expect(policy).toBeDefined();
    expectValid('retention-policies.schema.json', [JSON.parse(policy?.text ?? '')]);
  });

  test("the ErasureRequested event of the CRM example has a valid detail", () => {
    const putEvents = README.find((block) => block.lang === 'bash' && block.text.includes('aws events put-events'));
    const entries = JSON.parse(/--entries '(\[[\s\S]*\])'/.exec(putEvents?.text ?? '')?.[1] ?? 'null') as {
      DetailType: string;
      Detail: string;
    }[];
    expect(entries.map((entry) => entry.DetailType)).toEqual(['ErasureRequested']);
    for (const entry of entries) expectValid('erasure-requested.schema.json', JSON.parse(entry.Detail));
  });

  test('the world file example of the emulator README is a world', () => {
    const [world, ...others] = jsonBlocks('World files', fencedBlocks('local/emulator/README.md'));
    expect(others).toEqual([]);
    expectValid('world.schema.json', JSON.parse(world?.text ?? ''));
  });
});

test('the retention policies shipped in cdk.json are valid', () => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
  expect(cdkJson.context.retentionPolicies.length).toBeGreaterThan(0);
  expectValid('retention-policies.schema.json', cdkJson.context.retentionPolicies);
});
