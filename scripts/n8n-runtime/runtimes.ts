/**
 * The n8n lines the package is tested on, each with the Node it runs on (both from the npm
 * registry). `current` is the default everywhere; `1.x` is the last 1.x line many self-hosted
 * instances still run (`N8N_RUNTIME=1.x` selects it, e.g. for the e2e or the demo).
 */
export interface RuntimeSpec {
	/** Short name: folder suffix and what N8N_RUNTIME selects. */
	name: string;
	n8nVersion: string;
	nodeVersion: string;
	/** Native modules of that n8n to rebuild against the Node's headers (the install skips scripts). */
	rebuild: string[];
	/** Environment of that line's n8n processes, over the defaults (user-folder.ts); `undefined` removes a variable. */
	env: Record<string, string | undefined>;
	/** npm overrides for the install: dependencies that cannot be fetched from the npm registry. */
	overrides: Record<string, string>;
}

export const RUNTIMES: Record<'current' | '1.x', RuntimeSpec> = {
	current: { name: 'current', n8nVersion: '2.41.1', nodeVersion: '24.22.3', rebuild: ['isolated-vm', 'sqlite3'], env: {}, overrides: {} },
	// n8n 1.123 supports Node 20.19–24; Node 22 is the LTS that line shipped its images with.
	'1.x': {
		name: '1.x',
		n8nVersion: '1.123.81',
		nodeVersion: '22.23.5',
		rebuild: ['sqlite3'],
		// 1.123 refuses to start on a disabled module it does not have (the MCP registry came with 2.x).
		env: { N8N_DISABLED_MODULES: undefined },
		// n8n-nodes-base 1.x pulls xlsx as a tarball from cdn.sheetjs.com (outside the npm registry); the
		// registry's last xlsx stands in. Only the spreadsheet nodes use it, none of our templates.
		overrides: { xlsx: '0.18.5' },
	},
};

/** The runtime N8N_RUNTIME names (`current` when unset); an unknown name is an error, not a fallback. */
export function selectedRuntime(name = process.env.N8N_RUNTIME): RuntimeSpec {
	const key = (name ?? '').trim() || 'current';
	const spec = (RUNTIMES as Record<string, RuntimeSpec>)[key];
	if (!spec) throw new Error(`N8N_RUNTIME=${key} is not a known n8n runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
	return spec;
}
