import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { ERASURE_SOURCE } from '../../lambdas/core/erasure/events';
import { toDraft04 } from '../schemas/draft-04';
import { ERASURE_EVENT_SCHEMAS, eventJsonSchema } from '../schemas/erasure-event-schemas';

/**
 * An EventBridge schema registry holding the erasure events (ErasureRequested, and the ErasureCompleted, Failed and
 * Rejected events the stack publishes), so other teams can browse them and generate bindings. The schemas come from
 * the definitions in lambdas/core/erasure (request-schema.ts validates the requests; event-schemas.ts types what
 * the stack publishes), converted to JSON Schema draft 4: the registry takes OpenApi3 or JSONSchemaDraft4, not the
 * draft 2020-12 files shipped under schemas/.
 */
export class ErasureEventSchemas extends Construct {
  readonly registry: eventschemas.CfnRegistry;
  readonly schemas: readonly eventschemas.CfnSchema[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      description: 'rekognition-cleanup: the GDPR erasure events (requests and outcomes) on its erasure bus.',
    });
    this.schemas = ERASURE_EVENT_SCHEMAS.map(
      (event) =>
        new eventschemas.CfnSchema(this, event.detailType, {
          registryName: this.registry.attrRegistryName,
          // Named as EventBridge names the schemas it discovers on a bus: <source>@<detail-type>.
          schemaName: `${ERASURE_SOURCE}@${event.detailType}`,
          type: 'JSONSchemaDraft4',
          content: JSON.stringify(toDraft04(eventJsonSchema(event))),
          description: `rekognition-cleanup ${event.detailType} event.`,
        }),
    );
  }
}
