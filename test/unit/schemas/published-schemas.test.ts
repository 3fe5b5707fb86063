import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateJob } from '../../../lambdas/core/job/validate';
import { fileText, publishedSchemas, SCHEMAS_DIR } from '../../../local/schemas/published-schemas';
import { BAD_JOBS } from '../../fixtures/bad-jobs';
import { GOOD_JOBS } from '../../fixtures/good-jobs';
import { publishedSchemaValidator as schemaValidator } from '../../support/published-schema';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('schemas/ (npm run schemas)', () => {
  test.each(publishedSchemas().map((published) => [published.file, published] as const))(
    '%s is up to date with its definition',
    (file, published) => {
      expect(readFileSync(join(SCHEMAS_DIR, file), 'utf8')).toBe(fileText(published));
    },
  );

  test('holds exactly the published schemas, each a draft 2020-12 schema that compiles', () => {
    const files = publishedSchemas().map((published) => published.file);
    expect(readdirSync(SCHEMAS_DIR).sort()).toEqual([...files].sort());
    for (const file of files) {
      expect(JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')).$schema).toBe(
        'https://json-schema.org/draft/2020-12/schema',
      );
      expect(() => schemaValidator(file)).not.toThrow();
    }
  });
});

describe('the published job schema and the validation agree', () => {
  const validate = schemaValidator('cleanup-job.schema.json');

  test.each(GOOD_JOBS.map((good) => [good.name, good.job] as const))('accepts the good job %s', (_name, job) => {
    expect(validate(job)).toBe(true);
  });

  test('refuses every bad job but those breaking a rule JSON Schema cannot state, which validateJob enforces', () => {
    // Only what JSON can carry: NaN, Infinity and undefined do not survive a round trip.
    const asJson = BAD_JOBS.map((bad) => ({ ...bad, job: JSON.parse(JSON.stringify(bad.job) ?? 'null') }));
    const passed = asJson.filter((bad) => validate(bad.job));
    expect(passed.map((bad) => bad.name)).toEqual([
      'createdBefore in the future matches everything',
      'createdBefore on February 30',
      'more than 4096 face ids in total across entries (the state would exceed 256 KB)',
    ]);
    for (const bad of passed) expect(() => validateJob(bad.job, NOW)).toThrow();
  });
});
