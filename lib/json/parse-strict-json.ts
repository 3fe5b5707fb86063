/**
 * JSON.parse, refusing duplicate keys. JSON.parse keeps the last of two equal keys and other readers may keep the
 * first, so `{"dryRun": true, ..., "dryRun": false}` reads as a dry run to a person and runs for real: a file the
 * product acts on must say one thing. A reviver cannot tell (it only ever sees the value that won), so the text is
 * walked again by jsonc-parser's visitor, which reports every property with its position.
 */
import { type JSONPath, visit } from 'jsonc-parser';
import { indexPath, keyPath, quote } from '../../lambdas/core/schema/issue-path';

const STRICT = { disallowComments: true, allowTrailingComma: false };

export interface DuplicateKey {
  key: string;
  /** Where the second occurrence sits, as the job validator writes paths: `collections[0].select.prefix`. */
  path: string;
  /** 1-based, of the second occurrence and of the first. */
  line: number;
  column: number;
  first: { line: number; column: number };
}

export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  /** `(line 3, column 5; first at line 1, column 2)` */
  readonly position: string;
  constructor(readonly duplicate: DuplicateKey) {
    const { key, path, line, column, first } = duplicate;
    const position = `(line ${line}, column ${column}; first at line ${first.line}, column ${first.column})`;
    super(`duplicate key ${quote(key)} at ${path} ${position}`);
    this.position = position;
  }
}

/** Throws SyntaxError (JSON.parse's own, with its position) or DuplicateKeyError. */
export function parseStrictJson(text: string): unknown {
  // JSON.parse first: it decides what is JSON at all, so the visitor below, lenient by design, only sees valid JSON.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw error instanceof SyntaxError ? withLineAndColumn(error, text) : error;
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) throw new DuplicateKeyError(duplicate);
  return value;
}

/** The first duplicate key in document order, if any. Keys compare after unescaping, as JSON.parse compares them. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const open: Map<string, { line: number; column: number }>[] = [];
  let found: DuplicateKey | undefined;
  visit(
    text,
    {
      onObjectBegin: () => {
        if (found !== undefined) return false;
        open.push(new Map());
        return true;
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, _offset, _length, startLine, startCharacter, pathSupplier) => {
        const seen = open.at(-1);
        if (found !== undefined || seen === undefined) return;
        const here = { line: startLine + 1, column: startCharacter + 1 };
        const first = seen.get(key);
        if (first === undefined) seen.set(key, here);
        else found = { key, path: pathText([...pathSupplier(), key]), ...here, first };
      },
    },
    STRICT,
  );
  return found;
}

/**
 * Node says "at position 7" for some errors and nothing for others; people look for a line and a column. Where
 * Node gives none, the visitor's first error locates the problem (it reads JSON as strictly as it can).
 */
function withLineAndColumn(error: SyntaxError, text: string): SyntaxError {
  if (/line \d+/.test(error.message)) return error;
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const at = position === undefined ? firstVisitorError(text) : lineAndColumn(text, Number(position));
  if (at === undefined) return error;
  // The line and column replace the offset: people find a line, not the 55th character.
  const message = error.message.replace(/ (in JSON )?at position \d+/, '').replace(/ \(line \d+ column \d+\)$/, '');
  return new SyntaxError(`${message} (line ${at.line}, column ${at.column})`);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

function firstVisitorError(text: string): { line: number; column: number } | undefined {
  let at: { line: number; column: number } | undefined;
  visit(
    text,
    {
      onError: (_code, _offset, _length, startLine, startCharacter) => {
        at ??= { line: startLine + 1, column: startCharacter + 1 };
      },
    },
    STRICT,
  );
  return at;
}

function pathText(segments: JSONPath): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === 'number' ? indexPath(path, segment) : keyPath(path, segment)),
    '',
  );
}
