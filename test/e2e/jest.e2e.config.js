// Jest config for the real-n8n e2e tests (run through `npm run test:e2e` → test/e2e/run-e2e.ts,
// which installs/reuses the n8n runtime first and audits processes afterwards).
// Tests run serially (one n8n at a time: they share the task-broker port 5679).
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	testEnvironment: 'node',
	transform: {
		// tsconfig.e2e.json = tsconfig.test.json + isolatedModules (per-file transpile, no type check;
		// ts-jest 29.4 deprecates its own `isolatedModules` option in favour of the tsconfig one)
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/e2e/tsconfig.e2e.json', diagnostics: false }],
	},
	setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-e2e.ts'],
	maxWorkers: 1,
	// A test abandoned on timeout can leave a child with open pipes; never hang on it (the
	// runtime kills its process groups on exit, run-e2e.ts audits what is left).
	forceExit: true,
	testTimeout: 10 * 60 * 1000,
	slowTestThreshold: 60,
	verbose: true,
};
