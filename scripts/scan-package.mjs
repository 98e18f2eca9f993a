#!/usr/bin/env node
/**
 * `npm run scan [tarball.tgz]`: n8n's own static analyser (@n8n/scan-community-package) on the
 * package users install. `npx @n8n/scan-community-package <name>` only scans published versions
 * (npm provenance, then the attested GitHub source, then the registry tarball), so this runs its
 * two lint legs locally with its own config (cloud `recommended` + eslint-plugin-n8n-nodes-base,
 * `allowInlineConfig: false`, so no eslint-disable comment counts):
 *   - the tarball: `npm pack` of the built package, unpacked, `**\/*.js` + package.json;
 *   - the source: this repository with the scanner's SOURCE_FILE_PATTERNS (package.json,
 *     nodes/ and credentials/).
 * It also lists what the tarball holds and fails on any runtime dependency. Needs `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));

function pack() {
	const given = process.argv[2];
	if (given) return path.resolve(given);
	const name = execFileSync('npm', ['pack', root, '--quiet', '--ignore-scripts', `--pack-destination=${work}`], { cwd: work, encoding: 'utf8' });
	return path.join(work, name.trim().split('\n').pop());
}

function summarize(packageDir) {
	const files = execFileSync('find', ['.', '-type', 'f'], { cwd: packageDir, encoding: 'utf8' }).split('\n').filter(Boolean);
	const top = new Map();
	for (const file of files) {
		const first = file.slice(2).split('/')[0];
		top.set(first, (top.get(first) ?? 0) + 1);
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const dependencies = Object.keys(pkg.dependencies ?? {});
	console.log(`${pkg.name}@${pkg.version}: ${files.length} files (${[...top].map(([name, count]) => `${name} ${count}`).join(', ')})`);
	console.log(dependencies.length ? `runtime dependencies: ${dependencies.join(', ')}` : 'runtime dependencies: none');
	return dependencies.length === 0;
}

try {
	const tarball = pack();
	const packageDir = path.join(work, 'package');
	fs.mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const noDependencies = summarize(packageDir);
	const legs = [
		['tarball', await analyzePackage(packageDir, ['**/*.js', 'package.json'])],
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
	];
	let passed = noDependencies;
	for (const [leg, result] of legs) {
		console.log(`${result.passed ? '✅' : '❌'} ${leg}: ${result.passed ? 'no findings' : result.message}`);
		if (result.details) console.log(result.details);
		passed &&= result.passed;
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
