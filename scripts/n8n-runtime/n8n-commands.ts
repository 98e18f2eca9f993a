/**
 * n8n's own CLI on an instance's user folder: import credentials and workflows, execute a
 * workflow, export, publish. The commands run only while the instance's server is stopped.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tail } from './helpers';
import { N8nRestClient } from './rest-client';
import { extractJsonObjects } from './run-data';
import type { CliResult, CredentialImport, ExecuteResult, N8nLogLevel } from './types';

export abstract class N8nCommands extends N8nRestClient {
	/** Timings in ms of the last operations (start, execute...). */
	readonly timings: Record<string, number> = {};
	abstract readonly userFolder: string;
	protected abstract readonly logLevel: N8nLogLevel;

	/** Run `n8n <args>` with the instance's environment (see N8nInstance). */
	abstract cli(args: string[], opts?: { timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult>;

	/** Import, export and publish are idempotent, so a command that crashed on its way out (see below) is run again once. */
	protected async cliOk(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
		let r = await this.cli(args, opts);
		if (crashedOnExit(r)) r = await this.cli(args, opts);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${tail(r.stdout + '\n' + r.stderr)}`);
		return r;
	}

	private tempJson(prefix: string, data: unknown): string {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** `n8n import:credentials --input=<tmp>` — plain `data` objects are encrypted by n8n. */
	async importCredentials(credentials: CredentialImport[]): Promise<CliResult> {
		const file = this.tempJson('credentials', credentials);
		return await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow --input=<tmp>`; keep `id` in the JSON to address the workflow later. */
	async importWorkflow(workflow: object | object[]): Promise<CliResult> {
		const list = Array.isArray(workflow) ? workflow : [workflow];
		for (const wf of list)
			if (!(wf as any).id) throw new Error(`importWorkflow: workflow "${(wf as any).name}" needs an "id" to be executable by id`);
		const file = this.tempJson('workflows', list);
		return await this.cliOk(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. The workflow needs a Manual Trigger (or Execute Workflow
	 * Trigger). Resolves with the parsed IRun also when the workflow failed (exit code 1).
	 */
	async executeWorkflow(id: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		// On failure n8n prints the run only through logger.info -> need at least `info`.
		const level = this.logLevel === 'debug' ? 'debug' : 'info';
		const t0 = Date.now();
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs: opts.timeoutMs, env: { N8N_LOG_LEVEL: level } });
		this.timings.execute = Date.now() - t0;
		const objects = extractJsonObjects(r.stdout).filter((o: any) => o && typeof o === 'object' && o.data?.resultData);
		const run: any = objects[objects.length - 1];
		const error = run?.data?.resultData?.error;
		let errorMessage: string | undefined = error?.message;
		if (!errorMessage && r.code !== 0) {
			const m = /Execution error:\s*\n=+\s*\n([^\n]+)/.exec(r.stdout + '\n' + r.stderr);
			errorMessage = m?.[1]?.trim() ?? tail(r.stdout + '\n' + r.stderr, 5).trim();
		}
		// The run is complete and saved once n8n prints it; a crash after that is n8n's exit, not the workflow's.
		if (crashedOnExit(r) && run?.status) return { ...r, code: run.status === 'success' ? 0 : 1, crashedAtExit: true, run, status: run.status, error, errorMessage };
		return { ...r, run, status: run?.status, error, errorMessage };
	}

	/** `n8n export:credentials --all --decrypted` parsed (see what preAuthentication persisted). */
	async exportCredentials(): Promise<any[]> {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `export-credentials-${Date.now()}.json`);
		await this.cliOk(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/** `n8n export:workflow --all` parsed. */
	async exportWorkflows(): Promise<any[]> {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `export-workflows-${Date.now()}.json`);
		await this.cliOk(['export:workflow', '--all', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/** `n8n publish:workflow --id=<id>` (2.x "activation"); takes effect at the next `start()`. */
	async publishWorkflow(id: string): Promise<CliResult> {
		return await this.cliOk(['publish:workflow', `--id=${id}`]);
	}
}

/**
 * n8n 2.41.1's CLI sometimes dies with SIGSEGV while exiting, after its work is done (about one
 * `n8n execute` in six here; never with N8N_EXPRESSION_ENGINE=legacy, so it is the isolated-vm
 * expression engine's teardown).
 */
function crashedOnExit(result: CliResult): boolean {
	return result.signal === 'SIGSEGV';
}
