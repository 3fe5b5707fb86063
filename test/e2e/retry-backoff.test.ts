import { faceId, facesOf } from '../support/world-faces';
import { e2eSuite, runJob } from './support/e2e-env';

/**
 * The state machine's retriers run locally as deployed: the throttling retrier (5 s, backoff rate 2, full jitter)
 * waits longer after each failure. Full jitter draws each wait from [0, cap], so the draw is pinned to its top and
 * the waits must reach 5, 10, 20, 40 s (scaled). Lower bounds only: a loaded machine can make them longer, never
 * shorter.
 */
const suite = e2eSuite();
const SCALE = 0.01;
const THROTTLED_ATTEMPTS = 4;

test('a task throttled four times in a row is retried after growing waits, then the job completes', async () => {
  const env = await suite.start({ seed: { collections: [{ id: 'kiosk', faces: facesOf(0xb0, 3) }] } });
  const attemptsAt: number[] = [];
  const topOfJitter = jest.spyOn(Math, 'random').mockReturnValue(0.999_999);
  try {
    const { run, report } = await runJob(
      env,
      { faces: [{ collectionId: 'kiosk', faceIds: [faceId(0xb0, 1)] }] },
      {
        timeScale: SCALE,
        hooks: {
          beforeInvoke(call) {
            if (call.stateName !== 'Plan') return;
            attemptsAt.push(performance.now());
            if (attemptsAt.length > THROTTLED_ATTEMPTS) return;
            const error = new Error('Rekognition throttled the request after the SDK retries (simulated)');
            error.name = 'RekognitionThrottledError';
            throw error;
          },
        },
      },
    );
    expect(run.status).toBe('SUCCEEDED');
    expect(report?.deleted.faces).toBe(1);
  } finally {
    topOfJitter.mockRestore();
  }

  expect(attemptsAt).toHaveLength(THROTTLED_ATTEMPTS + 1);
  const waits = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
  // 5 s x 2^n, scaled; a millisecond of slack for timer rounding. One fixed interval would give 50 ms each time.
  [5, 10, 20, 40].forEach((seconds, i) => expect(waits[i]).toBeGreaterThanOrEqual(seconds * 1000 * SCALE - 1));
});
