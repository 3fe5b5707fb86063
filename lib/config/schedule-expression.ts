/**
 * EventBridge Scheduler recurring expressions and time zones, checked at synth so that a typo fails `cdk synth`
 * with the policy's name instead of a CloudFormation rollback.
 *
 * cron(minutes hours day-of-month month day-of-week year): exactly one of day-of-month and day-of-week is `?`.
 * rate(n unit): n >= 1, unit minute(s) | hour(s) | day(s), singular exactly when n is 1.
 */

const RATE = /^rate\(([1-9][0-9]{0,5}) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]*)\)$/;

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Characters allowed besides digits. */
  symbols: string;
  /** Names allowed instead of numbers (months, week days). */
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, symbols: ',-*/' },
  { name: 'hours', min: 0, max: 23, symbols: ',-*/' },
  { name: 'day-of-month', min: 1, max: 31, symbols: ',-*?/LW' },
  { name: 'month', min: 1, max: 12, symbols: ',-*/', names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, symbols: ',-*?/L#', names: DAYS },
  { name: 'year', min: 1970, max: 2199, symbols: ',-*/' },
];

/** Undefined when the expression is valid, else what is wrong with it (never echoing more than the field). */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate !== null) {
    const plural = rate[2]?.endsWith('s') ?? false;
    return (rate[1] === '1') === plural ? 'a rate of 1 takes a singular unit, any other rate a plural one' : undefined;
  }
  const cron = CRON.exec(expression);
  if (cron === null) {
    return 'must be "cron(<6 fields>)" or "rate(<n> minute|minutes|hour|hours|day|days)"';
  }
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6)
    return `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  for (const [index, spec] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(fields[index] ?? '', spec);
    if (problem !== undefined) return problem;
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'cron: exactly one of day-of-month and day-of-week must be "?"';
  }
  return undefined;
}

function cronFieldProblem(field: string, spec: CronField): string | undefined {
  const invalid = `cron ${spec.name} "${field.slice(0, 40)}" is not valid (${spec.min}-${spec.max}, ${spec.symbols})`;
  let rest = field.toUpperCase();
  for (const name of spec.names ?? []) rest = rest.split(name).join('');
  const allowed = new Set([...spec.symbols, ...'0123456789']);
  if (![...rest].every((char) => allowed.has(char))) return invalid;
  // Values before a `/` or `#` are in range; what follows them is an increment or an occurrence.
  for (const part of field.split(',')) {
    const [values = ''] = part.split(/[/#]/);
    for (const token of values.split('-')) {
      const digits = token.replace(/[LW]/g, '');
      if (/^\d+$/.test(digits) && (Number(digits) < spec.min || Number(digits) > spec.max)) return invalid;
    }
  }
  return undefined;
}

/** IANA names only (Europe/Paris, UTC): Node's Intl also takes offsets like +01:00, which Scheduler does not. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export function timeZoneProblem(timeZone: string): string | undefined {
  const rule = 'must be an IANA time zone name, e.g. UTC or Europe/Paris';
  if (timeZone.length > 64 || !IANA_NAME.test(timeZone)) return rule;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return rule;
  }
}
