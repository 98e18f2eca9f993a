/**
 * Every process the runtime starts is tracked as a process group (root + every descendant seen),
 * killed on `stop()`, on exit and on SIGINT/SIGTERM/SIGHUP, and (with `N8N_RUNTIME_PID_LOG`)
 * written to a JSON-lines audit file a supervisor can check afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { pidAlive, processCommandLine, readProcStat, descendantPids } from './proc';
import { releaseAllSlotsSync } from './slot-lock';
import { sleep } from './helpers';
export interface TrackedPid {
	pid: number;
	start?: string;
	label: string;
	cmd: string;
}

/** A process we started (its own process group) plus every descendant we have seen. */
export class ProcessGroup {
	readonly pgid: number;
	readonly members = new Map<number, TrackedPid>();
	private timer?: NodeJS.Timeout;
	exited = false;

	constructor(
		readonly root: TrackedPid,
		readonly detached: boolean,
	) {
		this.pgid = root.pid;
		this.members.set(root.pid, root);
		recordPid(root);
	}

	startPolling(everyMs = 300): void {
		this.timer = setInterval(() => this.refresh(), everyMs);
		this.timer.unref();
	}

	stopPolling(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Record descendants of the root (the task runner, npm's children, ...). */
	refresh(): void {
		const roots = [...this.members.values()].filter((m) => pidAlive(m.pid, m.start)).map((m) => m.pid);
		for (const r of roots) {
			for (const d of descendantPids(r)) {
				if (this.members.has(d)) continue;
				const st = readProcStat(d);
				const rec: TrackedPid = { pid: d, start: st?.start, label: `${this.root.label} child`, cmd: processCommandLine(d) };
				this.members.set(d, rec);
				recordPid(rec);
			}
		}
	}

	alive(): TrackedPid[] {
		return [...this.members.values()].filter((m) => pidAlive(m.pid, m.start));
	}

	/** Is anybody still in our process group (also catches children we never saw)? */
	groupAlive(): boolean {
		if (!this.detached) return false;
		for (const e of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(e)) continue;
			const st = readProcStat(Number(e));
			if (st && st.pgid === this.pgid && st.state !== 'Z' && st.state !== 'X') return true;
		}
		return false;
	}

	signalAll(signal: NodeJS.Signals): void {
		if (this.detached) {
			try {
				process.kill(-this.pgid, signal);
			} catch {
				/* group empty */
			}
		}
		for (const m of this.alive()) {
			try {
				process.kill(m.pid, signal);
			} catch {
				/* gone */
			}
		}
	}

	/** SIGTERM the root (n8n shuts its runner down), then SIGKILL group + members after `graceMs`. */
	async terminate(graceMs: number): Promise<TrackedPid[]> {
		this.refresh();
		this.stopPolling();
		if (pidAlive(this.root.pid, this.root.start)) {
			try {
				process.kill(this.root.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
		}
		const deadline = Date.now() + graceMs;
		while (Date.now() < deadline && (this.alive().length || this.groupAlive())) await sleep(100);
		if (this.alive().length || this.groupAlive()) {
			this.signalAll('SIGKILL');
			const killDeadline = Date.now() + 5000;
			while (Date.now() < killDeadline && (this.alive().length || this.groupAlive())) await sleep(50);
		}
		return this.alive();
	}

	killSync(): void {
		this.stopPolling();
		this.refresh();
		this.signalAll('SIGKILL');
	}
}

const liveGroups = new Set<ProcessGroup>();
/** Instances not disposed yet (their temp user folders are removed on exit / stopAllTracked). */
const liveInstances = new Set<LiveInstance>();
let handlersInstalled = false;

interface LiveInstance {
	removeUserFolderSync(): void;
	dispose(): Promise<void>;
}

/**
 * The real `process`. Inside jest, the global `process` is a per-test-file copy whose `.on()`
 * listeners never fire on exit/signals; `vm.Script#runInThisContext` evaluates in Node's main
 * context and returns the real one.
 */
export const realProcess: NodeJS.Process = (() => {
	try {
		return new vm.Script('process').runInThisContext() as NodeJS.Process;
	} catch {
		return process;
	}
})();

function killAllSync(): void {
	for (const g of liveGroups) g.killSync();
	for (const i of liveInstances) i.removeUserFolderSync();
	releaseAllSlotsSync();
}
const onExitHandler = () => killAllSync();
const onSignalHandler = (signal: NodeJS.Signals) => {
	realProcess.stderr.write(`[n8n-runtime] ${signal}: killing ${liveGroups.size} n8n process group(s)\n`);
	killAllSync();
	realProcess.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
};

function updateHandlers(): void {
	const active = liveGroups.size + liveInstances.size > 0;
	if (active && !handlersInstalled) {
		realProcess.on('exit', onExitHandler);
		realProcess.on('SIGINT', onSignalHandler);
		realProcess.on('SIGTERM', onSignalHandler);
		realProcess.on('SIGHUP', onSignalHandler);
		handlersInstalled = true;
	} else if (!active && handlersInstalled) {
		realProcess.removeListener('exit', onExitHandler);
		realProcess.removeListener('SIGINT', onSignalHandler);
		realProcess.removeListener('SIGTERM', onSignalHandler);
		realProcess.removeListener('SIGHUP', onSignalHandler);
		handlersInstalled = false;
	}
}

/** An instance's user folder is removed on exit; stopAllTracked() disposes it. */
export function registerInstance(instance: LiveInstance): void {
	liveInstances.add(instance);
	updateHandlers();
}

export function unregisterInstance(instance: LiveInstance): void {
	liveInstances.delete(instance);
	updateHandlers();
}

/**
 * Stop every process group started through this module instance that is still alive (servers
 * of instances nobody stopped, abandoned CLI commands). Returns what was alive before.
 */
export async function stopAllTracked(graceMs = 5000): Promise<TrackedPid[]> {
	for (const i of [...liveInstances]) await i.dispose().catch(() => undefined);
	const groups = [...liveGroups];
	const alive: TrackedPid[] = [];
	for (const g of groups) {
		g.refresh();
		alive.push(...g.alive());
	}
	await Promise.all(
		groups.map(async (g) => {
			await g.terminate(graceMs);
			untrack(g);
		}),
	);
	return alive;
}

/** Appends every pid we start to `$N8N_RUNTIME_PID_LOG` (JSON lines) so a supervisor can audit them. */
function recordPid(rec: TrackedPid): void {
	const file = process.env.N8N_RUNTIME_PID_LOG;
	if (!file) return;
	try {
		fs.appendFileSync(file, JSON.stringify({ ...rec, by: process.pid, at: new Date().toISOString() }) + '\n');
	} catch {
		/* best effort */
	}
}

export function readPidLog(file: string): TrackedPid[] {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as TrackedPid);
}

/** Pids of tracked processes that are still alive in this process (all instances). */
export function liveTrackedPids(): TrackedPid[] {
	const out: TrackedPid[] = [];
	for (const g of liveGroups) {
		g.refresh();
		out.push(...g.alive());
	}
	return out;
}

export function trackChild(child: ChildProcess, label: string, detached: boolean): ProcessGroup {
	const pid = child.pid;
	if (!pid) throw new Error(`${label}: process did not start`);
	const st = readProcStat(pid);
	const group = new ProcessGroup({ pid, start: st?.start, label, cmd: processCommandLine(pid) }, detached);
	liveGroups.add(group);
	updateHandlers();
	group.startPolling();
	return group;
}

export function untrack(group: ProcessGroup): void {
	group.stopPolling();
	liveGroups.delete(group);
	updateHandlers();
}

/** For short-lived commands: when the root exits, kill whatever it left behind in its group. */
export function trackProcess(child: ChildProcess, label: string): { group: ProcessGroup; done(): Promise<TrackedPid[]> } {
	const group = trackChild(child, label, true);
	return {
		group,
		async done() {
			group.exited = true;
			const left = await group.terminate(2000);
			untrack(group);
			return left;
		},
	};
}
