/** Control & inspection API over HTTP under /_sim/ (unauthenticated, loopback only). */
import type { FaultPatch } from './faults';
import type { IfsSimulator } from './simulator';

export interface ControlResponse {
	status: number;
	body: unknown;
}

function parse(body: string): Record<string, unknown> {
	return body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
}

const ROUTES: Record<string, (sim: IfsSimulator, body: Record<string, unknown>, arg: string, query: URLSearchParams) => unknown> = {
	'GET config': (sim) => sim.config(),
	'GET state': (sim, _body, set) => (set ? sim.rows(set) : sim.state()),
	'GET stats': (sim) => sim.stats(),
	'GET requests': (sim, _body, _arg, query) => sim.requestLog(Number(query.get('since') ?? 0)),
	'POST reset': (sim) => sim.reset(),
	'GET faults': (sim) => sim.faults(),
	'POST faults': (sim, body) => sim.setFaults(body as FaultPatch),
	'DELETE faults': (sim) => sim.clearFaults(),
	'POST rate-limit': (sim, body) =>
		sim.setRateLimit(body.perMinute as number | null, body.retryAfterSeconds === undefined ? undefined : (body.retryAfterSeconds as number | null)),
	'POST tokens/expire': (sim) => sim.expireTokens(),
	'GET held-vouchers': (sim) => sim.heldVoucherRows(),
	'POST update-gl': (sim) => ({ vouchersMoved: sim.updateGl() }),
};

/** `/_sim/<route>[/<arg>]`, e.g. GET /_sim/state/VoucherRowSet. */
export function handleControl(sim: IfsSimulator, method: string, path: string, query: URLSearchParams, body: string): ControlResponse {
	const rest = path.replace(/^\/_sim\/?/, '');
	const route = Object.keys(ROUTES).find((r) => {
		const [m, p] = r.split(' ');
		return m === method && (rest === p || rest.startsWith(`${p}/`));
	});
	if (!route) return { status: 404, body: { error: `Unknown control route ${method} /_sim/${rest}` } };
	const arg = decodeURIComponent(rest.slice(route.split(' ')[1].length + 1));
	try {
		return { status: 200, body: ROUTES[route](sim, parse(body), arg, query) ?? { ok: true } };
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}
