import { hashSubjectId, SUBJECT_HASH_SALT_ENV } from '../../../lambdas/core/observability';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function withEnv(env: Record<string, string | undefined>, run: () => string): string {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return run();
}

describe('hashSubjectId', () => {
  test('is a short salted SHA-256 that never contains the id', () => {
    const ref = withEnv({ [SUBJECT_HASH_SALT_ENV]: 'deployment-a' }, () => hashSubjectId('customer-8841'));
    expect(ref).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(ref).not.toContain('8841');
  });

  test('is stable within a deployment and differs across deployments (per-deployment salt)', () => {
    const a1 = withEnv({ [SUBJECT_HASH_SALT_ENV]: 'deployment-a' }, () => hashSubjectId('customer-8841'));
    const a2 = withEnv({ [SUBJECT_HASH_SALT_ENV]: 'deployment-a' }, () => hashSubjectId('customer-8841'));
    const b = withEnv({ [SUBJECT_HASH_SALT_ENV]: 'deployment-b' }, () => hashSubjectId('customer-8841'));
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });

  test('a deployed function without its salt refuses to hash, rather than share hashes with every deployment', () => {
    const env = { [SUBJECT_HASH_SALT_ENV]: undefined, AWS_LAMBDA_FUNCTION_NAME: 'finalize-plan' };
    expect(() => withEnv(env, () => hashSubjectId('customer-8841'))).toThrow(/^SUBJECT_HASH_SALT is not set$/);
  });

  test('outside Lambda (local runner, tests, CLI) a development salt is used', () => {
    const env = { [SUBJECT_HASH_SALT_ENV]: undefined, AWS_LAMBDA_FUNCTION_NAME: undefined };
    expect(withEnv(env, () => hashSubjectId('customer-8841'))).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});
