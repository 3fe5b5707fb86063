import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CleanupStack } from '../../lib/cleanup-stack';
import {
  type CloudFormationTemplate,
  toArtefact,
  type WorkflowArtefact,
  workflowFromTemplate,
} from '../../local/runner';

/**
 * The compiled CLI runs dist/workflow.json, written by `npm run build`, instead of synthesizing the CDK app. It must
 * be what deploys: the stack as `cdk synth` makes it from bin/app.ts, with cdk.json's context (bundling skipped,
 * which changes only the code assets, not the definition nor the functions' settings).
 */
const ROOT = path.join(__dirname, '..', '..');
const ARTEFACT = path.join(ROOT, 'dist', 'workflow.json');

function deployedTemplate(): CloudFormationTemplate {
  const { context } = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CleanupStack(app, 'RekognitionCleanup', {});
  return app.synth().getStackByName(stack.stackName).template as CloudFormationTemplate;
}

const template = deployedTemplate();
const built = () => {
  if (!existsSync(ARTEFACT)) throw new Error(`${ARTEFACT} is missing: npm test builds it (npm run build)`);
  return JSON.parse(readFileSync(ARTEFACT, 'utf8')) as WorkflowArtefact;
};

test('the built workflow is the state machine and functions cdk synth deploys', () => {
  expect(built()).toEqual(JSON.parse(JSON.stringify(toArtefact(workflowFromTemplate(template)))));
});

test("each function's timeout, memory and environment are the template's own", () => {
  const artefact = built();
  expect(artefact.functions.length).toBeGreaterThan(5);
  for (const fn of artefact.functions) {
    const resource = template.Resources[fn.logicalId];
    expect(resource?.Type).toBe('AWS::Lambda::Function');
    expect(fn.timeoutSeconds).toBe(resource?.Properties.Timeout);
    expect(fn.memoryMb).toBe(resource?.Properties.MemorySize);
    expect(Object.keys(fn.environment).sort()).toEqual(Object.keys(resource?.Properties.Environment.Variables).sort());
  }
  const machine = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  // Every Task of the definition names a function the artefact describes.
  const tasks = JSON.stringify(artefact.definition).match(/arn:aws:lambda:[^"]+/g) ?? [];
  expect(tasks.length).toBeGreaterThan(0);
  for (const arn of tasks) expect(artefact.functions.map((fn) => fn.arn)).toContain(arn);
  expect(machine).toBeDefined();
});
