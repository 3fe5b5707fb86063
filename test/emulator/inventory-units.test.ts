import { StartProjectVersionCommand } from '@aws-sdk/client-rekognition';
import { readInventory } from '../../lib/cli/inventory';
import { startTestEmulator, stopTestEmulator, type TestEmulator } from './emulator-test-kit';

/**
 * `inventory` on the emulator: DescribeProjectVersions gives MinInferenceUnits and MaxInferenceUnits as the service
 * does (botocore's ProjectVersionDescription has both, and no count of the units in service), and the inventory's
 * cost estimate counts RUNNING versions only.
 */
let test_: TestEmulator | undefined;
afterEach(async () => stopTestEmulator(test_));

const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };

test('units as started, an estimate per running version and in total, and a status filter', async () => {
  test_ = await startTestEmulator({
    transitionMs: 20,
    seed: {
      projects: [
        {
          name: 'lab',
          createdDaysAgo: 100,
          versions: [
            { name: 'scaling', createdDaysAgo: 10, status: 'RUNNING', minInferenceUnits: 2, maxInferenceUnits: 5 },
            { name: 'idle', createdDaysAgo: 20, status: 'STOPPED', minInferenceUnits: 1 },
            { name: 'fresh', createdDaysAgo: 30, status: 'TRAINING_COMPLETED' },
          ],
        },
      ],
    },
  });
  const { client, emulator } = test_;
  const fresh = emulator.world.project('lab')?.versions.get('fresh')?.arn ?? '';
  // Started without MaxInferenceUnits: no auto-scaling, it runs on its minimum.
  await client.send(new StartProjectVersionCommand({ ProjectVersionArn: fresh, MinInferenceUnits: 3 }));
  await new Promise((resolve) => setTimeout(resolve, 40));

  const inventory = await readInventory(client, { protection: PROTECTION, pricePerInferenceUnitHour: 4 });
  const versions = inventory.projects[0]?.versions ?? [];
  expect(versions.map((v) => [v.versionName, v.status, v.inferenceUnits, v.estimatedHourlyCost])).toEqual([
    ['scaling', 'RUNNING', { min: 2, max: 5 }, { min: 8, max: 20 }],
    ['idle', 'STOPPED', { min: 1 }, undefined],
    ['fresh', 'RUNNING', { min: 3, max: 3 }, { min: 12, max: 12 }],
  ]);
  expect(inventory.running).toEqual({ versions: 2, estimatedHourlyCost: { min: 20, max: 32 } });

  const running = await readInventory(client, {
    protection: PROTECTION,
    pricePerInferenceUnitHour: 4,
    statuses: ['RUNNING'],
  });
  expect(running.projects[0]?.versions.map((v) => v.versionName)).toEqual(['scaling', 'fresh']);
  expect(running.collections).toBeUndefined();
});
