/**
 * Command line of the runtime: `npm run n8n-runtime -- <command>`
 * (= `node scripts/run-ts.js scripts/n8n-runtime/cli.ts <command>`)
 *   install [--force]              install or reuse the runtime (prints timing)
 *   info | ps | shell-env          paths / running n8n + slot holder / `eval` line for PATH
 *   start [pkgDir...] [--keep]     throwaway n8n with built packages for manual use (Ctrl-C stops)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fmtMs } from './helpers';
import { ensureRuntime } from './install';
import { N8nInstance } from './instance';
import { TASK_BROKER_PORT, defaultLog, isRuntimeInstalled, runtimePaths } from './paths';
import { describePids, processCommandLine, tcpListeners } from './proc';
import { slotHolder, slotLockDir } from './slot-lock';
import { DEFAULT_OWNER } from './types';

async function cliMain(argv: string[]): Promise<number> {
	const cmd = argv[0] ?? 'install';
	switch (cmd) {
		case 'install': {
			const t = Date.now();
			const rt = await ensureRuntime({ force: argv.includes('--force') });
			defaultLog(`install command done in ${fmtMs(Date.now() - t)}: ${rt.n8nBin}`);
			return 0;
		}
		case 'info': {
			const rt = runtimePaths();
			console.log(JSON.stringify({ ...rt, installed: isRuntimeInstalled() }, null, 2));
			return 0;
		}
		case 'shell-env': {
			// eval "$(node scripts/run-ts.js scripts/n8n-runtime/cli.ts shell-env)" -> node 24 + n8n on PATH
			const rt = runtimePaths();
			console.log(`export PATH=${path.join(rt.nodeDir, 'bin')}:${path.dirname(rt.n8nBin)}:$PATH`);
			console.log(`export npm_config_nodedir=${rt.nodeDir}`);
			return 0;
		}
		case 'ps': {
			// Is any n8n / task runner / broker around? (diagnostics)
			const l = tcpListeners(TASK_BROKER_PORT);
			console.log(`port ${TASK_BROKER_PORT}: ${l.listening ? `LISTEN by ${describePids(l.pids) || '?'}` : 'free'}`);
			const holder = slotHolder(TASK_BROKER_PORT);
			console.log(`n8n slot ${slotLockDir(TASK_BROKER_PORT)}: ${holder ? `held by pid ${holder.pid} for "${holder.label}" since ${holder.since} (${holder.cmd.slice(0, 120)})` : 'free'}`);
			for (const e of fs.readdirSync('/proc')) {
				if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
				const c = processCommandLine(Number(e));
				if (/n8n\/bin\/n8n|@n8n\/task-runner|task-runner/.test(c)) console.log(`${e} ${c.slice(0, 200)}`);
			}
			return 0;
		}
		case 'start': {
			// Manual use: start a throwaway n8n with the given built package dirs, Ctrl-C to stop.
			const n8n = await N8nInstance.create({
				packages: argv.slice(1).filter((a) => !a.startsWith('--')),
				keepUserFolder: argv.includes('--keep'),
				echo: argv.includes('--echo'),
			});
			await n8n.start();
			defaultLog(`editor: ${n8n.baseUrl}  owner: ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}  user folder: ${n8n.userFolder}`);
			await new Promise(() => undefined);
			return 0;
		}
		default:
			console.error('usage: n8n-runtime/cli.ts install [--force] | info | shell-env | ps | start [packageDir...] [--keep] [--echo]');
			return 2;
	}
}

if (require.main === module || process.argv[1] === __filename) {
	cliMain(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			console.error(e?.stack ?? e);
			process.exit(1);
		},
	);
}
