/**
 * No source file above ~500 lines: past that a file holds more than one concern and a newcomer
 * cannot read it in one go. Generated output and test data are JSON (workflows/, fixtures) and
 * not counted; a source file that must stay long is listed below with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const MAX_LINES = 500;
const SOURCE_FOLDERS = ['credentials', 'nodes', 'scripts', 'test'];
const SOURCE_FILE = /\.(ts|js|mjs|cjs)$/;

/** Repo-relative path → why it may be longer. None today. */
const ALLOWED_LONGER: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
		return SOURCE_FILE.test(entry.name) ? [full] : [];
	});
}

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length;

test(`every source file has at most ${MAX_LINES} lines, or a listed reason`, () => {
	const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
	expect(files.length).toBeGreaterThan(100);
	const tooLong = files
		.map((file) => ({ file: path.relative(ROOT, file), lines: lineCount(file) }))
		.filter(({ file, lines }) => lines > MAX_LINES && !(file in ALLOWED_LONGER))
		.map(({ file, lines }) => `${file}: ${lines} lines`);
	expect(tooLong).toEqual([]);
});

test('every listed exception still exists and is still long', () => {
	for (const file of Object.keys(ALLOWED_LONGER)) expect(lineCount(path.join(ROOT, file))).toBeGreaterThan(MAX_LINES);
});
