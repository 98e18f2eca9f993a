const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];

const project = (displayName, roots) => ({
	displayName,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	roots,
	testMatch: ['**/*.test.ts'],
});

module.exports = {
	testTimeout: 120000,
	projects: [
		project('unit', ['<rootDir>/test/unit']),
		project('simulators', ['<rootDir>/test/simulators']),
		project('workflows', ['<rootDir>/test/workflows']),
		project('security', ['<rootDir>/test/security']),
	],
};
