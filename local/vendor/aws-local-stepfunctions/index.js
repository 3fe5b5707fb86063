'use strict';
// The vendored build of aws-local-stepfunctions 3.0.0, unmodified (see README.md beside it).
module.exports = require('./main.node.cjs');
