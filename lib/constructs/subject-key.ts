import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import { SUBJECT_KEY_ARN_ENV } from '../../lambdas/core/pseudonyms/subject-key';

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-)?[0-9a-f-]{32,36}$/;

/**
 * The key of subject pseudonyms (subjectRef, userRef, request fingerprints): a KMS HMAC_256 key, used with
 * GenerateMac only. It never leaves KMS; functions get its ARN and kms:GenerateMac on it, nothing else.
 *
 * By default the stack creates a multi-Region key, kept when the stack is deleted (receipts stay matchable). An
 * organisation that deploys to several regions or accounts replicates that key (or its own) and names the replica
 * with `subjectKeyArn`, so the same person has the same subjectRef everywhere and receipts can be joined.
 */
export class SubjectKey extends Construct {
  private static readonly ID = 'SubjectKey';

  /**
   * The key of the nearest scope above that has one (the one `configure` set up in a RekognitionCleanup), else the
   * stack's, created on first use.
   */
  static of(scope: IConstruct): SubjectKey {
    for (let at: IConstruct | undefined = scope; at !== undefined; at = at.node.scope) {
      const existing = at.node.tryFindChild(SubjectKey.ID);
      if (existing instanceof SubjectKey) return existing;
    }
    return new SubjectKey(Stack.of(scope), SubjectKey.ID, undefined);
  }

  /** Before any function under `scope` is created: their pseudonyms come from this key ARN (validated here). */
  static configure(scope: Construct, keyArn: string | undefined): SubjectKey {
    SubjectKey.check(keyArn);
    return new SubjectKey(scope, SubjectKey.ID, keyArn);
  }

  /** At synth, before anything is built: a key ARN, or nothing (a new key). */
  static check(keyArn: string | undefined): void {
    if (keyArn !== undefined && !Token.isUnresolved(keyArn) && !KMS_KEY_ARN.test(keyArn)) {
      throw new Error('subjectKeyArn: must be a KMS key ARN (an HMAC_256 key, e.g. a multi-Region replica)');
    }
  }

  readonly key: kms.IKey;

  private constructor(scope: Construct, id: string, keyArn: string | undefined) {
    super(scope, id);
    if (keyArn !== undefined) {
      this.key = kms.Key.fromKeyArn(this, 'Imported', keyArn);
      return;
    }
    const key = new kms.Key(this, 'Key', {
      description:
        'rekognition-cleanup: HMAC key of subject pseudonyms (subjectRef). Never delete: receipts are matched by them.',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      multiRegion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // KMS cannot rotate HMAC keys (and must not: every subjectRef would change), and cdk-nag knows it (no KMS5).
    this.key = key;
  }

  /** The function makes pseudonyms: the key's ARN in its environment, and GenerateMac on it. */
  grantTo(fn: lambda.Function): void {
    fn.addEnvironment(SUBJECT_KEY_ARN_ENV, this.key.keyArn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.key.keyArn] }));
  }
}
