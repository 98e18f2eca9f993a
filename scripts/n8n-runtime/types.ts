/** Options and results of an n8n instance (see instance.ts). */
import type { Logger, RuntimeInfo } from './paths';

export type N8nLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface N8nOptions {
	/** Runtime to use; default: `ensureRuntime()` (install or reuse). */
	runtime?: RuntimeInfo;
	/** Community packages to install into `.n8n/nodes` as n8n's installer does: built package folders (packed first) or npm tarballs (.tgz). */
	packages?: string[];
	/** n8n log level; default `$N8N_E2E_LOG_LEVEL` or `warn`. `execute` always runs with at least `info`. */
	logLevel?: N8nLogLevel;
	/** HTTP port for `start()`; default: a free port. */
	port?: number;
	/** Task broker port; default 5679 (n8n's default). Two n8n instances must not share it. */
	brokerPort?: number;
	/** Extra environment for every n8n process (wins over the defaults). */
	env?: Record<string, string | undefined>;
	/** Use this user folder instead of a fresh temp dir. */
	userFolder?: string;
	/** Keep the user folder after `dispose()` (default `$N8N_E2E_KEEP=1`). */
	keepUserFolder?: boolean;
	/** Echo n8n's output to stderr (default `$N8N_E2E_ECHO=1`). */
	echo?: boolean;
	/** How long to wait for the n8n slot / port 5679 before refusing (default `$N8N_E2E_PORT_WAIT_MS` or 180 s). */
	portWaitMs?: number;
	log?: Logger;
}

export interface CliResult {
	args: string[];
	code: number;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	/** Pids (root + children such as the task runner) this command started. */
	pids: number[];
	/** n8n crashed while exiting after it had printed the complete run (see n8n-commands.ts). */
	crashedAtExit?: boolean;
}

export interface ExecuteResult extends CliResult {
	/** Parsed IRun (`{ data: { resultData: { runData, error? } }, status, finished, mode, ... }`). */
	run?: any;
	status?: string;
	/** `run.data.resultData.error` when the workflow failed. */
	error?: any;
	/** Error message: from the run, or from n8n's "Execution error:" output when no run exists (e.g. unknown node type). */
	errorMessage?: string;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain object: n8n encrypts it on import. */
	data: Record<string, unknown>;
	[k: string]: unknown;
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@e2e.n8n-nodes-concur-ifs.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	retryOf?: string | null;
	retrySuccessId?: string | null;
	startedAt?: string | null;
	stoppedAt?: string | null;
	[k: string]: unknown;
}

export interface StartOptions {
	/** Wait this long for readiness (default 120 s). */
	timeoutMs?: number;
	/** Run owner setup + login after start (default true). */
	owner?: OwnerAccount | false;
}
