import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { RunningEmulator } from '../../local/emulator';

/** An emulator, the client the handlers use, and a separate one for the test's own reads. */
export interface EmulatorEnv {
  emulator: RunningEmulator;
  rekognition: RekognitionClient;
  reader: RekognitionClient;
}

export async function closeEnv(env: EmulatorEnv): Promise<void> {
  env.rekognition.destroy();
  env.reader.destroy();
  await env.emulator.close();
}

/**
 * Per test file: warms up once (the template and handlers, so a test's first run does not spend seconds compiling
 * while its emulator's transitions run), and closes every env a test started when the test ends. Each test starts
 * its own emulator, so it begins from a known world whose transitions run from that moment.
 */
export function envPerTest<Options, Env extends EmulatorEnv>(
  startEnv: (options: Options) => Promise<Env>,
  warmUp: (() => Promise<unknown>) | undefined,
  warmUpTimeoutMs: number,
): { start(options?: Options): Promise<Env> } {
  const running: Env[] = [];
  beforeAll(async () => {
    await warmUp?.();
  }, warmUpTimeoutMs);
  const closeAll = async () => {
    for (const env of running.splice(0)) await closeEnv(env);
  };
  afterEach(closeAll);
  afterAll(closeAll);
  return {
    async start(options = {} as Options) {
      const env = await startEnv(options);
      running.push(env);
      return env;
    },
  };
}
