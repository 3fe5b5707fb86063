import fc from 'fast-check';
import { DuplicateKeyError, findDuplicateKey, parseStrictJson } from '../../../lib/json/parse-strict-json';

function duplicateIn(text: string): DuplicateKeyError {
  try {
    parseStrictJson(text);
  } catch (error) {
    if (error instanceof DuplicateKeyError) return error;
    throw error;
  }
  throw new Error(`no duplicate key found in ${text}`);
}

describe('parseStrictJson', () => {
  test('a duplicate at the root is named, with the line and column of both occurrences', () => {
    const error = duplicateIn('{"dryRun": true, "maxDeletions": 5, "dryRun": false}');
    expect(error.message).toBe('duplicate key "dryRun" at dryRun (line 1, column 37; first at line 1, column 2)');
    expect(error.duplicate).toEqual({
      key: 'dryRun',
      path: 'dryRun',
      line: 1,
      column: 37,
      first: { line: 1, column: 2 },
    });
  });

  test('a nested duplicate is named by its path, as the job validator writes paths', () => {
    const text = [
      '{"collections": [',
      '  {"select": {"prefix": "tmp-"}, "action": "DELETE_FACES"},',
      '  {"select": {"prefix": "a-",',
      '     "prefix": "b-"}}',
      ']}',
    ].join('\n');
    expect(duplicateIn(text).duplicate).toEqual({
      key: 'prefix',
      path: 'collections[1].select.prefix',
      line: 4,
      column: 6,
      first: { line: 3, column: 15 },
    });
    expect(duplicateIn('{"tags": {"a b": {"x": 1, "x": 2}}}').duplicate.path).toBe('tags["a b"].x');
    expect(duplicateIn('[{"k": 1}, {"k": 1, "k": 2}]').duplicate.path).toBe('[1].k');
  });

  test('keys compare as JSON.parse reads them: an escaped spelling is the same key', () => {
    expect(duplicateIn('{"dry\\u0052un": true, "dryRun": false}').duplicate.key).toBe('dryRun');
    expect(duplicateIn('{"__proto__": 1, "__proto__": 2}').duplicate.key).toBe('__proto__');
  });

  test('the same key in different objects is not a duplicate, and the value is what JSON.parse returns', () => {
    const text = '{"a": {"k": 1}, "b": [{"k": 2}, {"k": 3}], "k": null}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  test('what JSON.parse refuses is still refused, with a line and a column', () => {
    expect(() => parseStrictJson('{"a": 1,\n "b": }')).toThrow(/line 2, column 7/);
    expect(() => parseStrictJson('{"a": 1,}')).toThrow(SyntaxError);
    expect(() => parseStrictJson('{"a": 1} // comment')).toThrow(SyntaxError);
  });

  test('any JSON without duplicates parses as JSON.parse parses it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test('any object given one of its keys twice is refused, naming that key', () => {
    const objects = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 });
    fc.assert(
      fc.property(objects, fc.nat(), (object, pick) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length]!;
        const text = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:0}`;
        expect(findDuplicateKey(text)?.key).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});
