import { scheduleExpressionProblem, timeZoneProblem } from '../../../lib/config/schedule-expression';

test.each([
  'cron(0 3 * * ? *)',
  'cron(0/15 * ? * MON-FRI *)',
  'cron(30 2 L * ? *)',
  'cron(0 8 ? * 2#1 *)',
  'cron(0 0 1 JAN,JUL ? 2027-2030)',
  'cron(0 4 ? * SUN *)',
  'cron(15 10 ? * 6L 2026)',
  'rate(1 minute)',
  'rate(5 minutes)',
  'rate(1 hour)',
  'rate(12 hours)',
  'rate(1 day)',
  'rate(30 days)',
])('%s is a valid Scheduler expression', (expression) => {
  expect(scheduleExpressionProblem(expression)).toBeUndefined();
});

test.each([
  ['at(2026-11-22T10:00:00)', /must be "cron/],
  ['cron(0 3 * * ? * *)', /6 fields/],
  ['cron(0 3 ? * ? *)', /exactly one of day-of-month/],
  ['cron(0 3 * * * *)', /exactly one of day-of-month/],
  ['cron(0 3 32 * ? *)', /day-of-month "32"/],
  ['cron(0 3 ? * 8 *)', /day-of-week "8"/],
  ['cron(0 3 ? * FUNDAY *)', /day-of-week/],
  ['cron(0 3 * * ? 1969)', /year "1969"/],
  ['rate(-1 days)', /must be "cron/],
  ['rate(1.5 hours)', /must be "cron/],
  ['RATE(1 day)', /must be "cron/],
])('%s is refused', (expression, problem) => {
  expect(scheduleExpressionProblem(expression)).toMatch(problem);
});

test.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'])('%s is a time zone', (zone) => {
  expect(timeZoneProblem(zone)).toBeUndefined();
});

test.each(['Europe/Pariss', '+01:00', 'UTC+1', '', 'Europe/../Paris'])('"%s" is not', (zone) => {
  expect(timeZoneProblem(zone)).toBeDefined();
});
