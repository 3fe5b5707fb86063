import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SUBJECT_KEY_FILE_ENV } from '../../lambdas/core/pseudonyms/subject-key';

// Every test process makes pseudonyms with one test key, never with the developer's own key file: the same file for
// every jest worker (created by the first, exclusively), so pseudonyms computed by a test match the handlers'.
process.env[SUBJECT_KEY_FILE_ENV] ??= path.join(tmpdir(), 'rekognition-cleanup-test', 'subject-key');

// Local erasures' receipts (lib/cli/local-receipt.ts) go to a folder of this test process, never to the
// developer's own: LevelDB locks its folder, so each jest worker has its own.
process.env.REKOGNITION_CLEANUP_RECEIPTS_DIR ??= path.join(
  tmpdir(),
  'rekognition-cleanup-test',
  `receipts-${process.pid}`,
);
