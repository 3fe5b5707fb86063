#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on the fly, so there is no build step to forget.
require('tsx/cjs');
require('./cli.ts');
