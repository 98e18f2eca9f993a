/**
 * Community packages installed the way n8n 2.41.1's own installer does it (Settings → Community
 * Nodes → Install; `CommunityPackagesService.downloadPackage` in
 * n8n/dist/modules/community-packages/community-packages.service.js):
 *
 * 1. `npm pack <name>@<version> --quiet` in `<user>/.n8n/nodes` — here: `npm pack <package folder>`
 *    (the tarball `npm publish` would upload), or a tarball given as is;
 * 2. `tar -xzf <tarball> -C nodes/node_modules/<name> --strip-components=1`;
 * 3. package.json rewritten without `devDependencies`, `peerDependencies`, `optionalDependencies`;
 * 4. `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *    --ignore-scripts=true --package-lock=false` in the package folder (installs runtime
 *    `dependencies` only: we have none, so nothing is fetched);
 * 5. `nodes/package.json` (`installed-nodes`) lists `<name>: <version>`; the tarball is removed.
 *
 * n8n then loads `nodes/node_modules/n8n-nodes-*` at (re)start, so node types are `<name>.<node>`.
 * n8n adds `--registry=<its registry>` to both npm calls; with zero dependencies the install asks
 * no registry, so the registry of the machine's npm config is left in place.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** n8n 2.41.1's flags for the install step (community-packages.service.js, downloadPackage). */
export const N8N_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

export interface InstalledPackage {
	name: string;
	version: string;
	/** `<user>/.n8n/nodes/node_modules/<name>` */
	dir: string;
}

async function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
	try {
		const { stdout } = await run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
		return stdout;
	} catch (error) {
		const failure = error as Error & { stderr?: string; stdout?: string };
		throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed: ${failure.message}\n${failure.stderr ?? ''}${failure.stdout ?? ''}`);
	}
}

/** `npm pack` a package folder into `destDir`; returns the tarball's path. */
export async function packPackage(packageDir: string, destDir: string, env: NodeJS.ProcessEnv): Promise<string> {
	const pkgJson = path.join(path.resolve(packageDir), 'package.json');
	if (!fs.existsSync(pkgJson)) throw new Error(`${pkgJson} not found`);
	const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
	const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter((file: string) => !fs.existsSync(path.join(path.dirname(pkgJson), file)));
	if (missing.length) throw new Error(`${pkg.name}: ${missing.join(', ')} listed in package.json "n8n" does not exist (did you run the build?)`);
	fs.mkdirSync(destDir, { recursive: true });
	// --ignore-scripts: packing a folder would run its prepack/prepare scripts (a registry tarball runs none)
	const out = await npm(['pack', path.resolve(packageDir), '--quiet', '--ignore-scripts', `--pack-destination=${destDir}`], destDir, env);
	const tarball = path.join(destDir, out.trim().split('\n').pop()!.trim());
	if (!fs.existsSync(tarball)) throw new Error(`npm pack printed "${out.trim()}" but ${tarball} does not exist`);
	return tarball;
}

/** package.json inside a tarball (`package/package.json`), without unpacking the rest. */
async function tarballPackageJson(tarball: string): Promise<{ name: string; version: string; n8n?: unknown }> {
	const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 4 * 1024 * 1024 });
	return JSON.parse(stdout);
}

function readNodesPackageJson(file: string): { dependencies: Record<string, string> } & Record<string, unknown> {
	if (!fs.existsSync(file)) return { name: 'installed-nodes', private: true, dependencies: {} };
	const json = JSON.parse(fs.readFileSync(file, 'utf8'));
	return { ...json, dependencies: json.dependencies ?? {} };
}

/** Install an npm tarball into `<n8nFolder>/nodes` exactly as n8n's installer does (see the top of this file). */
export async function installTarball(n8nFolder: string, tarball: string, env: NodeJS.ProcessEnv): Promise<InstalledPackage> {
	const { name, version, n8n } = await tarballPackageJson(tarball);
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(name)) throw new Error(`package name "${name}" must be n8n-nodes-* or @scope/n8n-nodes-*: n8n only loads those folder names`);
	if (!n8n) throw new Error(`${name}: package.json has no "n8n" section`);
	const nodesDir = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', ...name.split('/'));
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const tarballName = path.basename(tarball);
	fs.copyFileSync(tarball, path.join(nodesDir, tarballName));
	try {
		await run('tar', ['-xzf', tarballName, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir });
		const packageJsonPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');
		await npm(['install', ...N8N_INSTALL_FLAGS], packageDir, env);
		const nodesPackageJson = path.join(nodesDir, 'package.json');
		const installed = readNodesPackageJson(nodesPackageJson);
		installed.dependencies[name] = version;
		fs.writeFileSync(nodesPackageJson, JSON.stringify(installed, null, 2), 'utf8');
	} finally {
		fs.rmSync(path.join(nodesDir, tarballName), { force: true });
	}
	return { name, version, dir: packageDir };
}

/** A package folder (package.json + built files) is packed first; a `.tgz` is installed as it is. */
export async function installCommunityPackage(n8nFolder: string, source: string, env: NodeJS.ProcessEnv): Promise<InstalledPackage> {
	if (source.endsWith('.tgz')) return await installTarball(n8nFolder, path.resolve(source), env);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
	try {
		return await installTarball(n8nFolder, await packPackage(source, packDir, env), env);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}
