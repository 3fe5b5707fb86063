/**
 * How paths are written in error messages: `collections[0].select.prefix`, `tags["aws:x"]`. Keys come from the
 * caller and end up in logs: a key that is not a short identifier is quoted (escaping newlines and control
 * characters) and cut, so a 5 MB key or a forged line cannot get through.
 */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const MAX_QUOTED_KEY = 64;

/** JSON quoting, plus the two line terminators JSON leaves alone, so the result is always a single line. */
export function quote(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function keyPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  const shown = key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key;
  return `${path}[${quote(shown)}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** `['collections', 0, 'select']` -> `collections[0].select`; the root is ''. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    path = typeof segment === 'number' ? indexPath(path, segment) : keyPath(path, String(segment));
  }
  return path;
}

/** Plain objects only: JSON objects, including ones with a null prototype; not arrays, dates or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
