import {
  DescribeCollectionCommand,
  DescribeProjectVersionsCommand,
  ListFacesCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import type { BusDemoOutcome } from './demo-bus';

export interface DemoCheck {
  description: string;
  passed: boolean;
  detail: string;
}

/**
 * What the demo promises, read back from the emulator through the real SDK: targets are gone, everything else is
 * exactly where it was.
 */
export async function checkDemoOutcome(rekognition: RekognitionClient, projectArn: string): Promise<DemoCheck[]> {
  const faces = async (id: string) =>
    (await rekognition.send(new DescribeCollectionCommand({ CollectionId: id }))).FaceCount ?? -1;
  const listed = async (id: string) =>
    new Set(
      ((await rekognition.send(new ListFacesCommand({ CollectionId: id, MaxResults: 4096 }))).Faces ?? []).map(
        (f) => f.FaceId,
      ),
    );
  const versions =
    (await rekognition.send(new DescribeProjectVersionsCommand({ ProjectArn: projectArn })))
      .ProjectVersionDescriptions ?? [];
  const versionNames = versions.map((v) => v.ProjectVersionArn?.split('/')[3]).sort();
  const employees = await listed('employees');
  const carolAndDave = ['ca401000', 'da7e0000'];
  const visitors = await listed('visitors');

  const check = (description: string, passed: boolean, detail: string): DemoCheck => ({ description, passed, detail });
  return [
    check(
      'retention purge emptied tmp-onboarding-2025',
      (await faces('tmp-onboarding-2025')) === 0,
      `${await faces('tmp-onboarding-2025')} faces left`,
    ),
    check(
      'protected tmp-kiosk-test kept every face',
      (await faces('tmp-kiosk-test')) === 1500,
      `${await faces('tmp-kiosk-test')} faces`,
    ),
    check(
      'too recent tmp-this-week kept every face',
      (await faces('tmp-this-week')) === 800,
      `${await faces('tmp-this-week')} faces`,
    ),
    check(
      "alice's faces are gone from employees and visitors",
      ![...employees, ...visitors].some((id) => id?.startsWith('a11ce000')),
      'no face id of alice listed',
    ),
    check(
      "carol's and dave's faces are gone (their requests came on the bus)",
      ![...employees, ...visitors].some((id) => carolAndDave.some((prefix) => id?.startsWith(prefix))),
      'no face id of carol or dave listed',
    ),
    check(
      "bob's faces and everyone else's are untouched",
      employees.has('b0b00000-0000-4000-8000-000000000001') &&
        visitors.has('b0b00000-0000-4000-8000-000000000002') &&
        (await faces('employees')) === 3001 &&
        (await faces('visitors')) === 1201,
      `employees ${await faces('employees')} faces, visitors ${await faces('visitors')} faces`,
    ),
    check(
      'old door-cam versions deleted; the newest and the protected one kept',
      JSON.stringify(versionNames) === JSON.stringify(['v0-golden', 'v4-current']),
      `versions left: ${versionNames.join(', ')}`,
    ),
  ];
}

/** What the bus part of the demo promises: one execution for the window, a receipt each, the invalid one refused. */
export function checkBusOutcome(bus: BusDemoOutcome): DemoCheck[] {
  const statuses = bus.receipts.map((r) => r?.status ?? 'none');
  return [
    {
      description: 'the two bus requests ran in one execution',
      passed: bus.executions === 1,
      detail: `${bus.executions} execution(s)`,
    },
    {
      description: 'each bus request has its own COMPLETED receipt on the local store',
      passed: statuses.length === 2 && statuses.every((s) => s === 'COMPLETED'),
      detail: statuses.join(', '),
    },
    {
      description: 'the invalid bus request was refused on its own',
      passed: bus.rejected === 1,
      detail: `${bus.rejected} ErasureRejected`,
    },
  ];
}
