import type { Context } from 'aws-lambda';

export const CONTEXT = {
  functionName: 'rekognition-cleanup-test',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rekognition-cleanup-test',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/**
 * Everything written to stdout and stderr while `run` runs: the Powertools logger's lines and the EMF metric
 * documents exactly as Lambda would ship them to CloudWatch. A rejection is returned, not thrown, so a test can
 * inspect the error as well as what was printed before it.
 */
export async function printed<T>(run: () => Promise<T>): Promise<{ output: string; result?: T; error?: unknown }> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  let outcome: { result?: T; error?: unknown };
  try {
    outcome = { result: await run() };
  } catch (error) {
    outcome = { error };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { output: chunks.join(''), ...outcome };
}

/** The EMF documents in `output` (lines with an `_aws` key). */
export function emfDocuments(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
