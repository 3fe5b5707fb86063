import type { OptionSpecs, ParsedArgs } from '../args';
import type { CliContext } from '../cli-context';

/** A subcommand: its help text and options are declared once, and the usage text is generated from them. */
export interface Command {
  name: string;
  /** What follows the command name in the usage line, e.g. `--input <job.json> [options]`. */
  synopsis: string;
  /** One paragraph: what the command does and when to use it. */
  summary: string;
  options: OptionSpecs;
  /** How many positional arguments the command takes. @default 0 */
  maxPositionals?: number;
  run(args: ParsedArgs, context: CliContext): Promise<number>;
}
