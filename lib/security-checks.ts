import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';

/**
 * The cdk-nag packs every synth runs (bin/app.ts, and test/infra/nag.test.ts): an unacknowledged finding fails
 * `cdk synth`, so `cdk deploy` cannot skip it. Findings are fixed, or acknowledged where they arise with a reason
 * (lib/constructs/nag-acknowledgements.ts).
 */
export function addSecurityChecks(app: App, options: { verbose?: boolean } = {}): NagPack[] {
  const packs = [new AwsSolutionsChecks(app, options), new ServerlessChecks(app, options)];
  Validations.of(app).addPlugins(...packs);
  return packs;
}
