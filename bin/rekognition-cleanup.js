#!/usr/bin/env node
// The command from the source tree, compiled on the fly by tsx (a devDependency): for development and the tests
// that run the sources. The package's bin is the compiled dist/bin/cli.js (npm run build), which needs no tsx.
require('tsx/cjs');
require('./cli.ts');
