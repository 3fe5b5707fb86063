/**
 * CDK's built-in CloudFormation schema check (on by default) only reports warnings, and loading its schemas costs
 * about five seconds per test file; these tests assert the template themselves, and `cdk synth` still runs it.
 * Jest gives each test file its own process.env, so this does not reach other suites.
 */
process.env.CDK_VALIDATION = 'false';
