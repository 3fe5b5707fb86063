import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StateMachineDefinition } from '../vendor/aws-local-stepfunctions';
import {
  type CloudFormationTemplate,
  type LocalFunction,
  type LocalWorkflow,
  workflowFromTemplate,
} from './definition-from-template';

/**
 * The build artefact local runs execute: the state machine definition and the settings of the functions it calls
 * (timeout, memory, environment, handler), taken from the synthesized stack by `npm run build` (scripts/build.ts).
 * The compiled CLI reads it instead of synthesizing the CDK app, so it needs no aws-cdk-lib at run time;
 * test/package/workflow-artefact.test.ts proves it equal to what `cdk synth` deploys.
 */
export const WORKFLOW_ARTEFACT = 'workflow.json';

export interface WorkflowArtefact {
  stateMachineName: string;
  definition: StateMachineDefinition;
  functions: LocalFunction[];
}

export function toArtefact(workflow: LocalWorkflow): WorkflowArtefact {
  return {
    stateMachineName: workflow.stateMachineName,
    definition: workflow.definition,
    functions: [...workflow.functions.values()].sort((a, b) => a.logicalId.localeCompare(b.logicalId)),
  };
}

export function fromArtefact(artefact: WorkflowArtefact): LocalWorkflow {
  return {
    stateMachineName: artefact.stateMachineName,
    definition: artefact.definition,
    functions: new Map(artefact.functions.map((fn) => [fn.arn, fn])),
  };
}

/** Where the build writes it: the compiled package's root (dist/), two folders above this module once compiled. */
export function artefactPath(): string {
  return path.join(__dirname, '..', '..', WORKFLOW_ARTEFACT);
}

let built: LocalWorkflow | undefined;

/**
 * The workflow a run executes when it is given none. Compiled: the build artefact. From the TypeScript sources (tsx,
 * jest), where no build is needed: the stack synthesized in this process, as the build does it. The synthesis
 * module is outside the package (scripts/), so nothing the compiled CLI loads reaches aws-cdk-lib.
 */
export function defaultWorkflow(): LocalWorkflow {
  if (built !== undefined) return built;
  const file = artefactPath();
  if (existsSync(file)) {
    built = fromArtefact(JSON.parse(readFileSync(file, 'utf8')) as WorkflowArtefact);
  } else if (path.extname(__filename) === '.ts') {
    // Not imported: a type reference would pull the synthesis (and aws-cdk-lib) into the package's build.
    const synth = require('../../scripts/synth-template') as { synthCleanupTemplate(): CloudFormationTemplate };
    built = workflowFromTemplate(synth.synthCleanupTemplate());
  } else {
    throw new Error(`${file} is missing: the package build writes it (npm run build)`);
  }
  return built;
}
