/**
 * The direction of imports: node folders → service floors (nodes/shared/concur, nodes/shared/ifs)
 * → shared primitives (nodes/shared/*.ts). A node never imports another node's folder, a floor
 * never imports a node or the other floor, a primitive never imports a floor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Repo-relative targets of a file's relative imports (static, dynamic `import()` and `require()`). */
function relativeImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => path.relative(ROOT, path.resolve(path.dirname(file), match[1])));
}

type Layer = { kind: 'node'; name: string } | { kind: 'floor'; name: string } | { kind: 'primitive' } | { kind: 'credential' };

function layerOf(repoPath: string): Layer {
	const parts = repoPath.split(path.sep);
	if (parts[0] === 'credentials') return { kind: 'credential' };
	if (parts[1] !== 'shared') return { kind: 'node', name: parts[1] };
	return parts.length > 3 ? { kind: 'floor', name: parts[2] } : { kind: 'primitive' };
}

function violation(from: Layer, to: Layer): string | undefined {
	if (to.kind === 'node' && !(from.kind === 'node' && from.name === to.name)) return 'imports a node folder';
	if (from.kind === 'primitive' && to.kind === 'floor') return 'a shared primitive imports a service floor';
	if (from.kind === 'floor' && to.kind === 'floor' && from.name !== to.name) return 'one service floor imports the other';
	return undefined;
}

describe('import direction', () => {
	const files = [...sourceFiles(path.join(ROOT, 'nodes')), ...sourceFiles(path.join(ROOT, 'credentials'))];

	test('the tree has nodes, both service floors and primitives', () => {
		const layers = files.map((file) => layerOf(path.relative(ROOT, file)));
		expect(new Set(layers.filter((layer) => layer.kind === 'floor').map((layer) => (layer as { name: string }).name))).toEqual(new Set(['concur', 'ifs']));
		expect(layers.some((layer) => layer.kind === 'primitive')).toBe(true);
	});

	test('nodes → service floors → shared primitives, never sideways', () => {
		const offences = files.flatMap((file) => {
			const from = path.relative(ROOT, file);
			return relativeImports(file)
				.filter((target) => target.startsWith(`nodes${path.sep}`))
				.flatMap((target) => {
					const why = violation(layerOf(from), layerOf(target));
					return why ? [`${from} → ${target}: ${why}`] : [];
				});
		});
		expect(offences).toEqual([]);
	});

	test('the check itself catches a node importing another node', () => {
		expect(violation({ kind: 'node', name: 'ReferenceSync' }, { kind: 'node', name: 'IfsCloud' })).toBe('imports a node folder');
		expect(violation({ kind: 'floor', name: 'ifs' }, { kind: 'node', name: 'IfsCloud' })).toBe('imports a node folder');
		expect(violation({ kind: 'primitive' }, { kind: 'floor', name: 'concur' })).toBeDefined();
		expect(violation({ kind: 'node', name: 'IfsCloud' }, { kind: 'floor', name: 'ifs' })).toBeUndefined();
	});
});
