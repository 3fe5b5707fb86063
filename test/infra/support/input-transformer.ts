/**
 * EventBridge's input transformer, enough to evaluate the templates CDK's RuleTargetInput.fromObject writes:
 * InputPathsMap picks values out of the event by JSONPath (`$.a.b`), and InputTemplate gets each `<name>`
 * replaced by the value as JSON (a path that matches nothing gives null), or by the bare text inside quotes.
 */
export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

export function transformInput(transformer: InputTransformer, event: unknown): unknown {
  const values = Object.fromEntries(
    Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, valueAt(event, path)]),
  );
  const text = transformer.InputTemplate.replace(/("?)<([A-Za-z0-9_.-]+)>("?)/g, (whole, open, name, close) => {
    if (!(name in values)) return whole;
    const value = values[name];
    if (open === '"' && close === '"') return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
    return `${open}${JSON.stringify(value ?? null)}${close}`;
  });
  return JSON.parse(text);
}

function valueAt(event: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`not a JSONPath: ${path}`);
  let value: unknown = event;
  for (const part of path.slice(2).split('.').filter(Boolean)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}
