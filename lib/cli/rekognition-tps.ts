import { UsageError } from './io';

/**
 * `--rekognition-tps DeleteFaces=5,*=10`: the emulator's `--tps` syntax, with the meaning of the stack's
 * `rekognitionTps` setting (which it replaces for this run): `*` is the rate of every operation not named.
 */
export function parseRekognitionTps(text: string): Record<string, number> {
  const tps: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [operation = '', rate = '', ...rest] = pair.split('=');
    const value = Number(rate);
    if (
      !/^(\*|[A-Z][A-Za-z]+)$/.test(operation) ||
      rate.trim() === '' ||
      rest.length > 0 ||
      !(Number.isFinite(value) && value > 0)
    ) {
      throw new UsageError(
        `--rekognition-tps expects Operation=n pairs separated by commas, each n above 0 (e.g. DeleteFaces=5,*=10), got "${pair}"`,
      );
    }
    if (operation in tps) throw new UsageError(`--rekognition-tps gives ${operation} twice`);
    tps[operation] = value;
  }
  return tps;
}
