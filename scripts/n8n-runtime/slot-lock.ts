/**
 * The n8n slot: one n8n process (server or CLI command) per task-broker port on this machine,
 * claimed through a lock directory in the temp dir that is stale when its owner pid is gone.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from './paths';
import { pidAlive, processCommandLine, readProcStat, waitForPortFree } from './proc';
import { fmtMs, sleep } from './helpers';

interface SlotOwner {
	pid: number;
	start?: string;
	token: string;
	label: string;
	since: string;
}

export interface N8nSlot {
	port: number;
	label: string;
	release(): void;
}

const heldSlots = new Map<string, string>(); // lock dir -> token

export function slotLockDir(port: number): string {
	return path.join(os.tmpdir(), `n8n-nodes-concur-ifs-n8n-slot-${port}.lock`);
}

function releaseSlotSync(dir: string, token: string): void {
	try {
		const owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8')) as SlotOwner;
		if (owner.token === token) fs.rmSync(dir, { recursive: true, force: true });
	} catch {
		/* already gone */
	}
	heldSlots.delete(dir);
}

/** Used by the exit handler: give back every slot this process holds. */
export function releaseAllSlotsSync(): void {
	for (const [dir, token] of heldSlots) releaseSlotSync(dir, token);
}

/** Who holds the n8n slot of `port` (if anybody alive does). */
export function slotHolder(port: number): (SlotOwner & { cmd: string }) | undefined {
	try {
		const owner = JSON.parse(fs.readFileSync(path.join(slotLockDir(port), 'owner.json'), 'utf8')) as SlotOwner;
		if (!pidAlive(owner.pid, owner.start)) return undefined;
		return { ...owner, cmd: processCommandLine(owner.pid) };
	} catch {
		return undefined;
	}
}

/**
 * Take the machine-wide slot for an n8n process using task-broker `port` (a lock directory in the
 * temp dir, stale when its owner pid is gone), then wait until the port itself is free. Port checks
 * alone race when two processes start n8n at the same moment; the lock serialises them.
 */
export async function acquireN8nSlot(port: number, label: string, timeoutMs: number, log?: Logger): Promise<N8nSlot> {
	const dir = slotLockDir(port);
	const token = randomBytes(8).toString('hex');
	const deadline = Date.now() + timeoutMs;
	let logged = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			const me: SlotOwner = { pid: process.pid, start: readProcStat(process.pid)?.start, token, label, since: new Date().toISOString() };
			fs.writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(me));
			heldSlots.set(dir, token);
			break;
		} catch (e: any) {
			if (e.code !== 'EEXIST') throw e;
			let owner: SlotOwner | undefined;
			try {
				owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8'));
			} catch {
				const st = fs.statSync(dir, { throwIfNoEntry: false });
				if (st && Date.now() - st.mtimeMs > 10_000) fs.rmSync(dir, { recursive: true, force: true });
				await sleep(200);
				continue;
			}
			if (!owner || !pidAlive(owner.pid, owner.start)) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			const who = `pid ${owner.pid} (${processCommandLine(owner.pid).slice(0, 120) || '?'}) for "${owner.label}" since ${owner.since}`;
			if (Date.now() > deadline)
				throw new Error(
					`another n8n is using task-broker port ${port}: ${who}. Waited ${fmtMs(timeoutMs)}; ` +
						'only one n8n may run at a time (set N8N_E2E_PORT_WAIT_MS to wait longer)',
				);
			if (!logged && log) {
				log(`waiting for the n8n slot of port ${port}: held by ${who} ...`);
				logged = true;
			}
			await sleep(300);
		}
	}
	try {
		await waitForPortFree(port, Math.max(10_000, deadline - Date.now()), log);
	} catch (e) {
		releaseSlotSync(dir, token);
		throw e;
	}
	let released = false;
	return {
		port,
		label,
		release() {
			if (released) return;
			released = true;
			releaseSlotSync(dir, token);
		},
	};
}
