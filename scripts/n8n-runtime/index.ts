/**
 * Real-n8n runtime for e2e tests, the demo and the benchmark: the public API. How a test gets a
 * running n8n, and which file does what: README.md in this folder.
 */
export {
	DEFAULT_ENCRYPTION_KEY,
	N8N_VERSION,
	NODE_PACKAGE,
	NODE_VERSION,
	TASK_BROKER_PORT,
	cleanBaseEnv,
	isRuntimeInstalled,
	nodeToolEnv,
	runtimeDir,
	runtimePaths,
	type Logger,
	type RuntimeInfo,
} from './paths';
export { ensureRuntime, type EnsureRuntimeOptions } from './install';
export { RUNTIMES, selectedRuntime, type RuntimeSpec } from './runtimes';
export { N8N_INSTALL_FLAGS, installCommunityPackage, installTarball, packPackage, type InstalledPackage } from './community-install';
export {
	childPids,
	describePids,
	descendantPids,
	findFreePort,
	pidAlive,
	processCommandLine,
	readProcStat,
	tcpListeners,
	waitForPortFree,
} from './proc';
export { liveTrackedPids, readPidLog, stopAllTracked, type TrackedPid } from './processes';
export { acquireN8nSlot, slotHolder, slotLockDir, type N8nSlot } from './slot-lock';
export { extractJsonObjects, nodeError, nodeOutputJson } from './run-data';
export {
	DEFAULT_OWNER,
	type CliResult,
	type CredentialImport,
	type ExecuteResult,
	type ExecutionSummary,
	type N8nLogLevel,
	type N8nOptions,
	type OwnerAccount,
	type StartOptions,
} from './types';
export { N8nInstance, withN8nInstance } from './instance';
export { ensureQueueModePackages, queueModeEnv, startPostgres, startRedis, startWorker, type Service, type Worker } from './queue-mode';
