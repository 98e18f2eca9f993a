/** Small helpers the runtime's files share: durations in log lines, waiting, the end of an output. */

export function fmtMs(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	const s = ms / 1000;
	if (s < 60) return `${s.toFixed(1)} s`;
	const total = Math.round(s);
	return `${Math.floor(total / 60)} min ${total % 60} s`;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

export function tail(s: string, lines = 60): string {
	return s.split('\n').slice(-lines).join('\n');
}
