#!/usr/bin/env node
// The CLI is bundled by esbuild into out/cli.js; this shim keeps `bin.symfold` stable.
require('../out/cli.js').runFromProcess();
