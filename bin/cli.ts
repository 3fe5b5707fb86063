import '../local/polyfills';
import { main } from '../lib/cli/main';

// Exit explicitly: SDK clients keep sockets alive, which would hold the process open after the job is done.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rekognition-cleanup: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
