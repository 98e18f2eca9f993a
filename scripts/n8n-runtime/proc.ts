/** What /proc says about processes and ports: liveness (beyond pid reuse), children, TCP listeners. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Logger } from './paths';
import { fmtMs, sleep } from './helpers';

interface ProcStat {
	pid: number;
	ppid: number;
	pgid: number;
	state: string;
	/** Start time in clock ticks since boot (field 22): identifies a process beyond pid reuse. */
	start: string;
}

export function readProcStat(pid: number): ProcStat | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { pid, state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] };
	} catch {
		return undefined;
	}
}

/** True if the pid exists and is not a zombie; with `start`, only if it is still the same process. */
export function pidAlive(pid: number, start?: string): boolean {
	const st = readProcStat(pid);
	if (!st || st.state === 'Z' || st.state === 'X') return false;
	return start === undefined || st.start === start;
}

export function processCommandLine(pid: number): string {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
}

/** Direct children of a pid: `/proc/<pid>/task/<tid>/children` (CONFIG_PROC_CHILDREN), else a /proc scan. */
export function childPids(pid: number): number[] {
	const out = new Set<number>();
	let viaTasks = false;
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			try {
				const txt = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
				viaTasks = true;
				for (const c of txt.split(/\s+/)) if (c) out.add(Number(c));
			} catch {
				/* thread gone or no children file */
			}
		}
	} catch {
		return [];
	}
	if (!viaTasks) {
		for (const e of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(e)) continue;
			const st = readProcStat(Number(e));
			if (st && st.ppid === pid) out.add(st.pid);
		}
	}
	return [...out];
}

export function descendantPids(pid: number): number[] {
	const seen = new Set<number>();
	const queue = [pid];
	while (queue.length) {
		const p = queue.shift()!;
		for (const c of childPids(p)) {
			if (!seen.has(c)) {
				seen.add(c);
				queue.push(c);
			}
		}
	}
	return [...seen];
}

/** Pids (if visible) holding a TCP listener on `port` (IPv4 or IPv6), from /proc/net/tcp*. */
export function tcpListeners(port: number): { listening: boolean; pids: number[] } {
	const inodes = new Set<string>();
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let txt = '';
		try {
			txt = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of txt.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const [, localPort] = cols[1].split(':');
			if (localPort === hexPort && cols[3] === '0A') inodes.add(cols[9]);
		}
	}
	if (inodes.size === 0) return { listening: false, pids: [] };
	const pids = new Set<number>();
	for (const e of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(e)) continue;
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${e}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const link = fs.readlinkSync(`/proc/${e}/fd/${fd}`);
				const m = /^socket:\[(\d+)\]$/.exec(link);
				if (m && inodes.has(m[1])) pids.add(Number(e));
			} catch {
				/* fd closed */
			}
		}
	}
	return { listening: true, pids: [...pids] };
}

export function describePids(pids: number[]): string {
	return pids.map((p) => `${p} (${processCommandLine(p).slice(0, 160) || '?'})`).join(', ');
}

/** Wait until nobody listens on `port`; throws with the holder's pid/command line on timeout. */
export async function waitForPortFree(port: number, timeoutMs: number, log?: Logger): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let logged = false;
	for (;;) {
		const l = tcpListeners(port);
		if (!l.listening) return;
		if (Date.now() > deadline)
			throw new Error(
				`port ${port} is still taken after ${fmtMs(timeoutMs)} by ${describePids(l.pids) || 'an unknown process'}; ` +
					'refusing to start a second n8n (its task broker needs this port)',
			);
		if (!logged && log) {
			log(`port ${port} is taken by ${describePids(l.pids) || 'an unknown process'}; waiting up to ${fmtMs(timeoutMs)} ...`);
			logged = true;
		}
		await sleep(250);
	}
}

export async function findFreePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}
