import { COMMANDS } from '../../../lib/cli/main';
import { cliHarness } from './support/cli-harness';

const cli = cliHarness();

beforeEach(() => cli.reset());

test('`help` lists every command and every option, on stdout, exit 0', async () => {
  const result = await cli.run(['help']);
  expect(result.code).toBe(0);
  expect(COMMANDS.map((command) => command.name)).toEqual(['run', 'plan', 'erase', 'status', 'inventory', 'receipts']);
  for (const command of COMMANDS) {
    expect(result.stdout).toContain(`\n${command.name} ${command.synopsis}\n`);
    for (const option of Object.keys(command.options)) expect(result.stdout).toContain(`--${option}`);
  }
  expect(result.stdout).toContain('Exit codes: 0 succeeded');
});

test.each(COMMANDS.map((command) => [command.name]))(
  '`%s --help` shows that command and its options only',
  async (name) => {
    const command = COMMANDS.find((candidate) => candidate.name === name);
    const result = await cli.run([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Usage: rekognition-cleanup ${name} `)).toBe(true);
    for (const option of Object.keys(command?.options ?? {})) expect(result.stdout).toContain(`--${option}`);
    for (const other of COMMANDS.filter((candidate) => candidate.name !== name)) {
      expect(result.stdout).not.toContain(`\n${other.name} ${other.synopsis}\n`);
    }
    expect(cli.awsCalls()).toBe(0);
  },
);

test('`help <command>` is the same as `<command> --help`', async () => {
  expect((await cli.run(['help', 'erase'])).stdout).toBe((await cli.run(['erase', '--help'])).stdout);
});

test('every command has --json, and every command talks to AWS so has --region', () => {
  for (const command of COMMANDS) {
    expect(Object.keys(command.options)).toEqual(expect.arrayContaining(['json', 'region']));
  }
});

test.each([
  [[], 'Usage: rekognition-cleanup <command>'],
  [['purge'], 'unknown command "purge"'],
  [['run'], '--input <job.json> is required'],
  [['run', '--input'], "Option '-i, --input <value>' argument missing"],
  [['run', '--input', 'job.json', '--dryrun'], 'unknown option --dryrun (see: rekognition-cleanup run --help)'],
  [
    ['run', '--inptu', 'job.json'],
    'unknown option --inptu (did you mean --input?) (see: rekognition-cleanup run --help)',
  ],
  [['rnu', '--input', 'job.json'], 'unknown command "rnu" (did you mean "run"?)'],
  [['plan', '--input', 'job.json', 'extra'], 'unexpected argument "extra": this command takes options only'],
  [['inventory', '--rekognition-endpoint', '127.0.0.1:4599'], 'did you mean http://127.0.0.1:4599?'],
  [['inventory', '--region'], 'argument missing'],
])('%j: usage error, exit 2, on stderr', async (argv, message) => {
  const result = await cli.run(argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
  expect(result.stdout).toBe('');
  expect(cli.awsCalls()).toBe(0);
});
