import { distance } from 'fastest-levenshtein';

/**
 * The known name a typo most likely meant: the nearest by edit distance, if it is near enough to be a typo (a third
 * of the name's length, at least 2: a swapped pair; `--inptu` -> `--input`, `selectt` -> `select`), else undefined. Case is ignored,
 * so `dryrun` finds `dryRun`. Shared by the CLI's options and commands and the job contract's unknown fields.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const d = distance(wanted, name.toLowerCase());
    if (best === undefined || d < best.distance) best = { name, distance: d };
  }
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.ceil(input.length / 3)) ? best.name : undefined;
}

/** ` (did you mean "select"?)`, or '' when nothing is near: append it to an "unknown ..." message. */
export function didYouMean(input: string, known: readonly string[], quote = (name: string) => `"${name}"`): string {
  const name = closestName(input, known);
  return name === undefined ? '' : ` (did you mean ${quote(name)}?)`;
}
