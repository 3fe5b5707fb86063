#!/usr/bin/env node
import '../local/polyfills';
import { main } from '../lib/cli/main';

// Exit explicitly: SDK clients keep sockets alive, which would hold the process open after the job is done.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Expected problems were said in one line by main(); this is a bug or an unforeseen failure. The message is
    // what a person can report; the stack is there for whoever debugs it.
    const debug = process.env.REKOGNITION_CLEANUP_DEBUG === '1';
    const text = error instanceof Error ? (debug ? error.stack : `${error.name}: ${error.message}`) : String(error);
    process.stderr.write(
      `rekognition-cleanup: unexpected error: ${text}${debug ? '' : ' (REKOGNITION_CLEANUP_DEBUG=1 prints the stack)'}\n`,
    );
    process.exit(1);
  },
);
