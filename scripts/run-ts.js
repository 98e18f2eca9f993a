#!/usr/bin/env node
// Runs a TypeScript developer script (simulators, demo, benchmark, e2e runner) without a build step.
const path = require('node:path');
require('ts-node').register({
	transpileOnly: true,
	project: path.join(__dirname, '..', 'tsconfig.test.json'),
});
const [script, ...args] = process.argv.slice(2);
if (!script) {
	console.error('usage: node scripts/run-ts.js <script.ts> [args...]');
	process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
