import type { World } from '../emulator';

/**
 * The demo account: retention candidates (one protected, one too recent), a person with faces in two collections,
 * two more who ask for erasure through the bus, other people around them, and a Custom Labels project with models
 * in every interesting state.
 */
export const DEMO_WORLD: World = {
  collections: [
    {
      id: 'tmp-onboarding-2025',
      createdDaysAgo: 45,
      tags: { team: 'onboarding' },
      faces: [
        {
          generate: {
            count: 6000,
            externalImageIdPrefix: 'onboarding-',
            users: { count: 30, facesPerUser: 4, userIdPrefix: 'trainee-' },
          },
        },
      ],
    },
    {
      id: 'tmp-kiosk-test',
      createdDaysAgo: 60,
      tags: { 'cleanup:protect': 'true', owner: 'security' },
      faces: [{ generate: { count: 1500 } }],
    },
    { id: 'tmp-this-week', createdDaysAgo: 5, faces: [{ generate: { count: 800 } }] },
    {
      id: 'employees',
      createdDaysAgo: 400,
      faces: [
        { faceId: 'a11ce000-0000-4000-8000-000000000001', externalImageId: 'alice-badge-2024', userId: 'alice' },
        { faceId: 'a11ce000-0000-4000-8000-000000000002', externalImageId: 'alice-badge-2025', userId: 'alice' },
        { faceId: 'a11ce000-0000-4000-8000-000000000003', externalImageId: 'alice-passport' },
        { faceId: 'b0b00000-0000-4000-8000-000000000001', externalImageId: 'bob-badge-2025', userId: 'bob' },
        // Carol and dave ask through the bus (the demo's batched erasures).
        { faceId: 'ca401000-0000-4000-8000-000000000001', externalImageId: 'carol-badge-2023', userId: 'carol' },
        { faceId: 'ca401000-0000-4000-8000-000000000002', externalImageId: 'carol-badge-2024', userId: 'carol' },
        {
          generate: {
            count: 3000,
            externalImageIdPrefix: 'badge-',
            users: { count: 200, facesPerUser: 3, userIdPrefix: 'employee-' },
          },
        },
      ],
    },
    {
      id: 'visitors',
      createdDaysAgo: 200,
      faceModelVersion: '6.0',
      faces: [
        { faceId: 'a11ce000-0000-4000-8000-000000000004', externalImageId: 'visit-77', userId: 'alice' },
        { faceId: 'b0b00000-0000-4000-8000-000000000002', externalImageId: 'visit-78' },
        { faceId: 'da7e0000-0000-4000-8000-000000000001', externalImageId: 'dave-visit-photo' },
        { generate: { count: 1200, externalImageIdPrefix: 'visit-' } },
      ],
    },
  ],
  projects: [
    {
      name: 'door-cam',
      createdDaysAgo: 300,
      versions: [
        { name: 'v1-2025-01', createdDaysAgo: 280, status: 'STOPPED' },
        { name: 'v2-2025-04', createdDaysAgo: 200, status: 'RUNNING' },
        { name: 'v3-2025-06', createdDaysAgo: 150, status: 'TRAINING_IN_PROGRESS' },
        { name: 'v0-golden', createdDaysAgo: 290, status: 'STOPPED', tags: { 'cleanup:protect': 'true' } },
        { name: 'v4-current', createdDaysAgo: 10, status: 'RUNNING' },
      ],
    },
  ],
};

export const ALICE = { userId: 'alice', externalImageIds: ['alice-passport'] };

/** The two people whose erasure requests arrive on the bus, within one batch window. */
export const BUS_REQUESTS = {
  carol: { requestId: 'crm-2026-000901', subject: { userId: 'carol' } },
  dave: { requestId: 'crm-2026-000902', subject: { externalImageIds: ['dave-visit-photo'] } },
} as const;
