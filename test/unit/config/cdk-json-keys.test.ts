import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { refuseDuplicateKeysInCdkJson } from '../../../lib/config/cdk-json-keys';

const REPO = resolve(__dirname, '../../..');
/** A retention policy in cdk.json that reads as a dry run, and that the toolkit would deploy for real. */
const TWO_DRY_RUNS = [
  '{',
  '  "app": "npx tsx bin/app.ts",',
  '  "context": {',
  '    "retentionPolicies": [',
  '      { "name": "tmp-purge", "schedule": "rate(1 day)", "dryRun": true,',
  '        "job": { "collections": [{ "select": { "prefix": "tmp-" }, "action": "DELETE_FACES" }] },',
  '        "dryRun": false }',
  '    ]',
  '  }',
  '}',
].join('\n');

function folderWith(cdkJson: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'cdk-json-'));
  writeFileSync(join(folder, 'cdk.json'), cdkJson);
  return folder;
}

describe('cdk.json duplicate keys', () => {
  test('a duplicate in a retention policy is refused, named by its path, line and column', () => {
    expect(() => refuseDuplicateKeysInCdkJson(folderWith(TWO_DRY_RUNS))).toThrow(
      'cdk.json: duplicate key "dryRun" at context.retentionPolicies[0].dryRun (line 7, column 9; first at line 5, column 57)',
    );
  });

  test("the project's own cdk.json, a folder without one, and text that is not JSON pass through", () => {
    expect(() => refuseDuplicateKeysInCdkJson(REPO)).not.toThrow();
    expect(() => refuseDuplicateKeysInCdkJson(mkdtempSync(join(tmpdir(), 'no-cdk-json-')))).not.toThrow();
    expect(() => refuseDuplicateKeysInCdkJson(folderWith('{"app": '))).not.toThrow();
  });

  /** Runs bin/app.ts as the toolkit does: in the folder of cdk.json, with the context in CDK_CONTEXT_JSON. */
  function runApp(folder: string, context: Record<string, unknown> = {}) {
    const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
    return spawnSync(tsx, [join(REPO, 'bin', 'app.ts')], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context) },
    });
  }

  test('the CDK app refuses it before it synthesizes anything', () => {
    const app = runApp(folderWith(TWO_DRY_RUNS));
    expect(app.status).not.toBe(0);
    expect(app.stderr).toContain('cdk.json: duplicate key "dryRun" at context.retentionPolicies[0].dryRun');
  });

  test('so does -c rekognitionTps with a duplicate key', () => {
    const app = runApp(mkdtempSync(join(tmpdir(), 'no-cdk-json-')), { rekognitionTps: '{"*": 5, "*": 50}' });
    expect(app.status).not.toBe(0);
    expect(app.stderr).toContain('context rekognitionTps must be JSON without duplicate keys');
    expect(app.stderr).toContain('duplicate key "*" at ["*"] (line 1, column 10; first at line 1, column 2)');
  });
});
