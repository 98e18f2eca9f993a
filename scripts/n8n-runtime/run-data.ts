/** Reading what n8n printed or stored: JSON objects in noisy CLI output, a node's items in a run. */

/** End index (exclusive) of the balanced JSON object/array starting at `start`, or -1. */
function matchJsonEnd(text: string, start: number): number {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inStr) {
			if (c === '\\') i++;
			else if (c === '"') inStr = false;
			continue;
		}
		if (c === '"') inStr = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i + 1;
			if (depth < 0) return -1;
		}
	}
	return -1;
}

/**
 * Every top-level JSON object in `text` that starts at the beginning of a line (n8n prints
 * `JSON.stringify(run, null, 2)` between log lines), in order.
 */
export function extractJsonObjects(text: string): unknown[] {
	const out: unknown[] = [];
	let i = 0;
	while (i < text.length) {
		const lineStart = i === 0 || text[i - 1] === '\n';
		if (lineStart && text[i] === '{') {
			const end = matchJsonEnd(text, i);
			if (end > 0) {
				try {
					out.push(JSON.parse(text.slice(i, end)));
					i = end;
					continue;
				} catch {
					/* not JSON after all */
				}
			}
		}
		const nl = text.indexOf('\n', i);
		if (nl < 0) break;
		i = nl + 1;
	}
	return out;
}

/**
 * `json` of the items a node emitted: `runData[node][runIndex].data.main[output]`, from an IRun as
 * printed by `n8n execute --rawOutput` or from `execution.data` over REST.
 */
export function nodeOutputJson(runOrData: any, nodeName: string, output = 0, runIndex = 0): any[] {
	const resultData = runOrData?.data?.resultData ?? runOrData?.resultData;
	const run = resultData?.runData?.[nodeName]?.[runIndex];
	if (!run) return [];
	return (run.data?.main?.[output] ?? []).map((i: any) => i.json);
}

export function nodeError(runOrData: any, nodeName: string, runIndex = 0): any {
	const resultData = runOrData?.data?.resultData ?? runOrData?.resultData;
	return resultData?.runData?.[nodeName]?.[runIndex]?.error;
}
