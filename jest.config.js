const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];

const project = (displayName, roots, extra = {}) => ({
	displayName,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	roots,
	testMatch: ['**/*.test.ts'],
	...extra,
});

module.exports = {
	projects: [
		project('unit', ['<rootDir>/test/unit']),
		project('simulators', ['<rootDir>/test/simulators']),
		project('workflows', ['<rootDir>/test/workflows'], { testTimeout: 120000 }),
	],
};
