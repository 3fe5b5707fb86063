/**
 * cdk-nag 3 (AwsSolutions and Serverless packs) on the stack as `cdk synth` builds it, through the same
 * addSecurityChecks as bin/app.ts: an unacknowledged finding makes synth throw. Every acknowledgement must match a
 * finding that is still raised (no stale ones), sit on the construct that raises it (never the stack) and say why.
 */
import './support/skip-builtin-validation';
import { type App, type CfnResource, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { type IApplyRule, type NagPack, NagRuleCompliance } from 'cdk-nag';
import { addSecurityChecks } from '../../lib/security-checks';
import { deployedApp } from './support/deployed-app';

interface Finding {
  readonly rule: string;
  readonly path: string;
}
interface Acknowledged extends Finding {
  readonly reason: string;
}

type Instrumented = { applyRule(params: IApplyRule): void; isAcknowledged(): boolean };

/** Records which rules each pack evaluates, and which of them apply to at least one resource of the stack. */
function instrument(packs: NagPack[]) {
  const evaluated = new Set<string>();
  const applicable = new Set<string>();
  for (const pack of packs) {
    const instrumented = pack as unknown as Instrumented;
    const applyRule = instrumented.applyRule.bind(pack);
    instrumented.applyRule = (params) => {
      const ruleId = `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
      evaluated.add(ruleId);
      const rule = (node: CfnResource) => {
        const result = params.rule(node);
        if (result !== NagRuleCompliance.NOT_APPLICABLE) applicable.add(ruleId);
        return result;
      };
      Object.defineProperty(rule, 'name', { value: params.rule.name });
      applyRule({ ...params, rule });
    };
  }
  return { evaluated, applicable };
}

/** What the packs report with acknowledgements ignored. */
function rawFindings(app: App, packs: NagPack[]): Finding[] {
  return packs.flatMap((pack) => {
    (pack as unknown as Instrumented).isAcknowledged = () => false;
    return pack
      .validateScope(app)
      .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })));
  });
}

function acknowledgements(app: App): Acknowledged[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ rule: id.replace(/^annotation::/i, ''), path: construct.node.path, reason })),
  );
}

const covers = (ack: Finding, finding: Finding) =>
  ack.rule === finding.rule && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

const { app, stack } = deployedApp();
const packs = addSecurityChecks(app);
const rules = instrument(packs);
let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
const findings = rawFindings(app, packs);
const acks = acknowledgements(app);

test('synth passes the AwsSolutions and Serverless packs', () => {
  expect(synthError).toBeUndefined();
  expect(rules.evaluated.size).toBeGreaterThan(100);
});

test('every finding is acknowledged on the construct that raises it, never on the stack', () => {
  const unacknowledged = findings.filter((finding) => !acks.some((ack) => covers(ack, finding)));
  expect(unacknowledged).toEqual([]);
  expect(acks.filter((ack) => ack.path === stack.node.path || ack.path === '')).toEqual([]);
});

test('no acknowledgement is stale: each matches a finding still raised', () => {
  const stale = acks.filter((ack) => !findings.some((finding) => covers(ack, finding)));
  expect(stale).toEqual([]);
});

test('every acknowledgement says why', () => {
  for (const ack of acks) expect(ack.reason.length).toBeGreaterThanOrEqual(80);
});

test('what is acknowledged, by rule (a new finding must be fixed, or acknowledged here on purpose)', () => {
  const byRule: Record<string, number> = {};
  for (const { rule } of findings) {
    const base = rule.replace(/\[.*$/, '');
    byRule[base] = (byRule[base] ?? 0) + 1;
  }
  expect(byRule).toEqual({
    // Function roles: X-Ray ("*"), Rekognition collection/* and project/*, the listings without a resource type
    // ("*"), this state machine's executions; the state machine role: log delivery and X-Ray ("*"), and each
    // function's versions (<function>:*). Tags are read only on the resource kind a worker works on (clean-collection:
    // collection/*, advance-project-version: project/*), so neither has the other's wildcard.
    'AwsSolutions-IAM5': 31,
    // The four dead-letter queues are terminal (AwsSolutions-SQS3, Serverless-SQSRedrivePolicy).
    'AwsSolutions-SQS3': 4,
    'Serverless-SQSRedrivePolicy': 4,
    // 9 workflow functions invoked synchronously + 3 event targets with an on-failure destination.
    'Serverless-LambdaDLQ': 12,
    // The subject-hash salt is not rotated, by design.
  });
});

test('an unacknowledged finding fails synth', () => {
  const { app: other, stack: target } = deployedApp();
  addSecurityChecks(other);
  new sqs.Queue(target, 'PlainQueue', { enforceSSL: false });
  expect(() => other.synth()).toThrow(/AwsSolutions-SQS4/);
});
