/**
 * The reference-data case of `npm run bench`: template 01 against a connected Concur list with
 * `size` cost centers in each of three IFS companies and `vendors` suppliers, set up the way a
 * tenant sets it up (level 1 = companies through the company mapping, level 2 = cost centers),
 * run three times from its manual trigger on one fresh n8n: the preview (first run, writes
 * nothing), the apply run, and a repeat that must write nothing. Each pass is measured on its own
 * (wall time, requests, writes, peak memory of the n8n server and its task runner).
 */
import { projectPackageDir } from '../../test/e2e/n8n';
import { connectedCompanyMapping, connectedCostCenterList } from '../../test/simulators/seed/connected-list';
import { WORKFLOW_IDS, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, type Execution } from '../deploy';
import { N8nInstance } from '../n8n-runtime';
import { MemorySampler, cpuSeconds, nodeTimes, trafficBetween, type MemoryReport, type NodeTime, type Traffic } from './metrics';
import { REFERENCE_COMPANIES, type ReferenceOutcome } from './reference-volume';
import { SimulatorProcess } from './simulator-process';

export type ReferencePassName = 'preview' | 'apply' | 'repeat';

export interface ReferencePass {
	name: ReferencePassName;
	status: string;
	error?: string;
	wallSeconds: number;
	traffic: Traffic;
	/** Write requests (POST/PUT/PATCH/DELETE, tokens excluded) each system answered. */
	concurWrites: number;
	ifsWrites: number;
	memory: MemoryReport;
	/** Items on the sync nodes' Changes outputs (summaries excluded) and Failed outputs. */
	changes: { costCenters: number; vendors: number };
	failed: number;
	preview: boolean;
	nodes: NodeTime[];
	/** CPU seconds used during the pass by the n8n server and by the simulators. */
	cpu: { server: number; simulators: number };
}

export interface ReferenceRunResult {
	costCenters: number;
	vendors: number;
	companies: number;
	n8nStartSeconds: number;
	passes: ReferencePass[];
	/** After the apply pass: how far the simulators are from the synced state. */
	outcome?: ReferenceOutcome;
	error?: string;
}

export interface ReferenceBenchOptions {
	latencyMs: number;
	rateLimitPerMinute: number;
	ifsTokenLifetimeSeconds: number;
	concurTokenLifetimeSeconds: number;
	timeoutMin: number;
	n8nEnv: Record<string, string>;
	log: (message: string) => void;
}

const WRITE = /^(POST|PUT|PATCH|DELETE) /;
const writesIn = (byRoute: Record<string, number>) =>
	Object.entries(byRoute)
		.filter(([route]) => WRITE.test(route) && !/oauth2|\/token\b/.test(route))
		.reduce((total, [, count]) => total + count, 0);

/** Template 01 as the tenant sets it up for its connected list and three companies. */
function connectedTemplate() {
	const workflow = templateJson('referenceSync');
	for (const node of workflow.nodes.filter((candidate) => candidate.type.endsWith('.concurIfsReferenceSync'))) {
		(node.parameters.options as Record<string, unknown>).companies = REFERENCE_COMPANIES.join(', ');
		if (node.parameters.data !== 'costCenters') continue;
		Object.assign(node.parameters, { listId: connectedCostCenterList.listId, costCenterLevel: 2, companyLevel: 1, companyMapping: { rows: connectedCompanyMapping.map((row) => ({ ...row })) } });
	}
	return workflow;
}

async function pass(n8n: N8nInstance, sims: SimulatorProcess, name: ReferencePassName, timeoutMs: number): Promise<ReferencePass> {
	const serverPid = n8n.serverPid()!;
	const sampler = new MemorySampler(serverPid, () => n8n.taskRunnerPids());
	const before = await sims.traffic();
	const cpuBefore = { server: cpuSeconds(serverPid), simulators: cpuSeconds(sims.pid) };
	const started = Date.now();
	sampler.start();
	let execution: Execution;
	try {
		execution = await runFromTrigger(n8n, WORKFLOW_IDS.referenceSync, 'Run Now', timeoutMs);
	} catch (error) {
		sampler.stop();
		throw error;
	}
	const memory = sampler.stop();
	const wallSeconds = (Date.now() - started) / 1000;
	const cpu = { server: cpuSeconds(serverPid) - cpuBefore.server, simulators: cpuSeconds(sims.pid) - cpuBefore.simulators };
	const traffic = trafficBetween(before, await sims.traffic());
	const full = (await n8n.getExecution(execution.id)) as Execution;
	const changes = (node: string) => Math.max(0, outputOf(full, node).length - 1);
	const summaries = ['Sync Cost Centers', 'Sync Vendors'].map((node) => outputOf(full, node).at(-1) ?? {});
	return {
		name,
		status: execution.status,
		error: full.data?.resultData?.error?.message,
		wallSeconds,
		traffic,
		concurWrites: writesIn(traffic.concurByRoute),
		ifsWrites: writesIn(traffic.ifsByRoute),
		memory,
		changes: { costCenters: changes('Sync Cost Centers'), vendors: changes('Sync Vendors') },
		failed: outputOf(full, 'Sync Cost Centers', 1).length + outputOf(full, 'Sync Vendors', 1).length,
		preview: summaries.every((summary) => summary.preview === true),
		nodes: nodeTimes(full as Parameters<typeof nodeTimes>[0]),
		cpu,
	};
}

export async function runReference(costCenters: number, vendors: number, options: ReferenceBenchOptions): Promise<ReferenceRunResult> {
	const result: ReferenceRunResult = { costCenters, vendors, companies: REFERENCE_COMPANIES.length, n8nStartSeconds: 0, passes: [] };
	let sims: SimulatorProcess | undefined;
	let n8n: N8nInstance | undefined;
	try {
		sims = await SimulatorProcess.start({
			documents: 0,
			linesPerDocument: 1,
			withReceipts: false,
			latencyMs: options.latencyMs,
			ifsRateLimitPerMinute: options.rateLimitPerMinute,
			ifsTokenLifetimeSeconds: options.ifsTokenLifetimeSeconds,
			concurTokenLifetimeSeconds: options.concurTokenLifetimeSeconds,
			reference: { costCenters, vendors },
		});
		n8n = await N8nInstance.create({ packages: [projectPackageDir()], env: options.n8nEnv, portWaitMs: 60 * 60_000, log: (message) => options.log(`  ${message}`) });
		await importCredentials(n8n, sims.endpoints.credentialData);
		await importTemplates(n8n, [connectedTemplate()]);
		await n8n.start();
		result.n8nStartSeconds = (n8n.timings.start ?? 0) / 1000;
		for (const name of ['preview', 'apply', 'repeat'] as const) {
			const measured = await pass(n8n, sims, name, options.timeoutMin * 60_000);
			result.passes.push(measured);
			options.log(`  ${name}: ${measured.status}, ${measured.wallSeconds.toFixed(1)} s, ${measured.changes.costCenters} + ${measured.changes.vendors} changes, ${measured.concurWrites} Concur / ${measured.ifsWrites} IFS writes, server peak ${measured.memory.serverPeakRssMb} MB`);
			if (name === 'apply') result.outcome = await sims.referenceOutcome();
			if (measured.status !== 'success') break;
		}
	} catch (error) {
		result.error = (error as Error).message;
	} finally {
		try {
			await n8n?.dispose();
		} finally {
			await sims?.stop();
		}
	}
	return result;
}
