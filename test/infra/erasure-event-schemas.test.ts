import './support/skip-builtin-validation';
import AjvDraft04 from 'ajv-draft-04';
import { Match } from 'aws-cdk-lib/assertions';
import { erasureEvent } from '../reliability/fixtures/bad-erasure-events';
import { synthStack } from '../support/synth';

const { template } = synthStack();
const DETAIL_TYPES = ['ErasureRequested', 'ErasureCompleted', 'ErasureFailed', 'ErasureRejected'];
/** Keywords of draft 6 and later, which draft 4 ignores or reads otherwise. */
const LATER_KEYWORDS = ['const', '$defs', 'prefixItems', 'propertyNames', 'examples', 'dependentRequired'];

function contentOf(detailType: string): Record<string, unknown> {
  const [schema] = Object.values(
    template.findResources('AWS::EventSchemas::Schema', {
      Properties: { SchemaName: `rekognition-cleanup@${detailType}` },
    }),
  );
  return JSON.parse(schema?.Properties.Content as string);
}

function keywordsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keywordsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [key, ...keywordsOf(child)]);
}

describe('the erasure events schema registry', () => {
  test('one registry holds the four erasure events, as JSON Schema draft 4, in that registry', () => {
    template.resourceCountIs('AWS::EventSchemas::Registry', 1);
    template.resourceCountIs('AWS::EventSchemas::Schema', DETAIL_TYPES.length);
    const registry = Object.keys(template.findResources('AWS::EventSchemas::Registry'))[0] as string;
    for (const detailType of DETAIL_TYPES) {
      template.hasResourceProperties('AWS::EventSchemas::Schema', {
        SchemaName: `rekognition-cleanup@${detailType}`,
        Type: 'JSONSchemaDraft4',
        RegistryName: { 'Fn::GetAtt': [registry, 'RegistryName'] },
        Content: Match.stringLikeRegexp(`"detail-type":\\{"enum":\\["${detailType}"\\]\\}`),
      });
    }
  });

  test.each(DETAIL_TYPES)('%s is a draft 4 document without later keywords', (detailType) => {
    const content = contentOf(detailType);
    expect(content.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(keywordsOf(content).filter((key) => LATER_KEYWORDS.includes(key))).toEqual([]);
    expect(JSON.stringify(content)).not.toMatch(/\\\\p\{/);
  });

  test('an ErasureRequested event as other services send it matches its registered schema, a malformed one does not', () => {
    // Compiling checks the document against draft 4's meta-schema; strict mode refuses unknown keywords
    // (strictRequired off: an `anyOf` of `required` names fields the enclosing object defines).
    const options = { strict: true, strictRequired: false, formats: { 'date-time': true as const } };
    const validate = new AjvDraft04(options).compile(contentOf('ErasureRequested'));
    const detail = { requestId: 'crm-1', subject: { userId: 'customer-8841' }, requester: 'crm' };
    const event = erasureEvent(detail);
    expect(validate(event)).toBe(true);
    expect(validate(erasureEvent({ ...detail, subject: { userId: 'a b' } }))).toBe(false);
    expect(validate({ ...event, 'detail-type': 'ErasureCompleted' })).toBe(false);
    expect(validate(erasureEvent({ ...detail, extra: true }))).toBe(false);
  });
});
