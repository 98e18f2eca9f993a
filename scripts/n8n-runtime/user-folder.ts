/**
 * An instance's user folder: the environment every n8n process of it runs with (its own folder
 * and ports, offline and quiet, executions kept). Community packages: community-install.ts.
 */
import * as path from 'node:path';
import { DEFAULT_ENCRYPTION_KEY, cleanBaseEnv } from './paths';
import type { N8nLogLevel } from './types';

export interface N8nEnvSettings {
	/** Folder of the Node 24 package (its `bin/` goes first on PATH). */
	nodeDir: string;
	userFolder: string;
	baseUrl: string;
	port: number;
	brokerPort: number;
	logLevel: N8nLogLevel;
}

/** `extra` wins over the defaults; an `undefined` value removes the variable. */
export function n8nEnv(settings: N8nEnvSettings, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
	const env = cleanBaseEnv();
	env.PATH = [path.join(settings.nodeDir, 'bin'), process.env.PATH ?? ''].filter(Boolean).join(path.delimiter);
	const url = `${settings.baseUrl}/`;
	Object.assign(env, {
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(settings.port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		N8N_WEBHOOK_URL: url,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_PYTHON_ENABLED: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// offline and quiet
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// the MCP server registry is fetched from api.n8n.io at start-up (fails offline, noisy)
		N8N_DISABLED_MODULES: 'mcp-registry',
		// explicit current defaults: silences the start-up deprecation notice
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_AI_ENABLED: 'false',
		N8N_METRICS: 'false',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		// executions are kept so tests can inspect and retry them
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_LOG_LEVEL: settings.logLevel,
		N8N_LOG_OUTPUT: 'console',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_COLOR: '1',
	});
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}
