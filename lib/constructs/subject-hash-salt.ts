import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { SUBJECT_HASH_SALT_ENV } from '../../lambdas/core/observability';
import { acknowledge, Reasons } from './nag-acknowledgements';

/**
 * The salt of subject-id hashes (subjectRef, userRef, request fingerprints), one per deployment: a random value that
 * Secrets Manager generates when the stack is created and never changes after. Every function whose code hashes
 * gets it in SUBJECT_HASH_SALT, resolved by CloudFormation at deploy time (a dynamic reference), so the functions
 * need no Secrets Manager permission and no SDK call, and all of them hash alike: receipts and reports agree.
 *
 * Retained with the stack's receipts: without the salt a retained receipt can no longer be matched to a subject.
 * Whoever can read the functions' configuration (lambda:GetFunctionConfiguration) can read the salt, so the hashes
 * are pseudonyms for readers of logs, metrics and events, not anonymisation; see README, "Security".
 */
export class SubjectHashSalt extends Construct {
  /** The stack's salt, created on first use. */
  static of(scope: IConstruct): SubjectHashSalt {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SubjectHashSalt.ID);
    return existing instanceof SubjectHashSalt ? existing : new SubjectHashSalt(stack, SubjectHashSalt.ID);
  }

  private static readonly ID = 'SubjectHashSalt';

  readonly secret: secretsmanager.Secret;
  /** The environment a hashing function needs. */
  readonly environment: Readonly<Record<string, string>>;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        'rekognition-cleanup: per-deployment salt of subject-id hashes (subjectRef). Do not rotate or delete: ' +
        'erasure receipts are matched to subjects by these hashes.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.secret, { id: 'AwsSolutions-SMG4', reason: Reasons.saltIsNotACredential });
    // A pseudonymisation key, not a credential (see the class comment): unwrapping it into the environment is the
    // design, and it keeps hashing synchronous and free of AWS calls.
    this.environment = { [SUBJECT_HASH_SALT_ENV]: this.secret.secretValue.unsafeUnwrap() };
  }
}
