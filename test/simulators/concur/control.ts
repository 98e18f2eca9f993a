/** Control & inspection API over HTTP under `/_sim/...` on the token host (drives the same in-process methods). */
import type { DeliverEventInput } from './ess';
import type { FaultSettings } from './faults';
import { json, type SimResponse } from './http';
import type { ControlHandler } from './server';
import type { ConcurSimulatorOptions, FisDocType } from './types';

/** What the HTTP control API needs from the simulator object. */
export interface SimControls {
	info(): unknown;
	inspect(): unknown;
	statsSnapshot(): unknown;
	requestLog(limit?: number): unknown;
	reset(): void;
	faults(): unknown;
	setFaults(settings: FaultSettings): void;
	clearFaults(): void;
	advanceTime(seconds: number): void;
	setOptions(options: Partial<ConcurSimulatorOptions>): void;
	recall(docType: FisDocType, id: string): unknown;
	recallAndResubmit(docType: FisDocType, id: string): unknown;
	generateExpenseDocuments(count: number, linesPerDocument: number, withReceipts?: boolean): unknown;
	deliverEvent(input: DeliverEventInput): Promise<unknown>;
	issueRequestToken(input: { clientId?: string; companyUuid?: string }): unknown;
	readonly publicKeyPem: string;
}

type Body = Record<string, unknown>;
type Action = (body: Body, url: URL) => unknown;

function actions(sim: SimControls): Record<string, Action> {
	return {
		'GET /_sim/info': () => sim.info(),
		'GET /_sim/state': () => sim.inspect(),
		'GET /_sim/stats': () => sim.statsSnapshot(),
		'GET /_sim/requests': (_b, url) => sim.requestLog(Number(url.searchParams.get('limit') ?? '') || undefined),
		'POST /_sim/reset': () => { sim.reset(); return { message: 'reset to seed' }; },
		'GET /_sim/faults': () => sim.faults(),
		'PUT /_sim/faults': (body) => { sim.setFaults(body as FaultSettings); return sim.faults(); },
		'DELETE /_sim/faults': () => { sim.clearFaults(); return sim.faults(); },
		'POST /_sim/clock/advance': (body) => { sim.advanceTime(Number(body.seconds ?? 0)); return sim.info(); },
		'PUT /_sim/config': (body) => { sim.setOptions(body as Partial<ConcurSimulatorOptions>); return sim.info(); },
		'POST /_sim/fis/recall': (body) => sim.recall(body.docType as FisDocType, String(body.id)),
		'POST /_sim/fis/resubmit': (body) => sim.recallAndResubmit(body.docType as FisDocType, String(body.id)),
		'POST /_sim/fis/generate': (body) => sim.generateExpenseDocuments(Number(body.count ?? 0), Number(body.linesPerDocument ?? 1), body.withReceipts !== false),
		'POST /_sim/events/deliver': (body) => sim.deliverEvent(body as DeliverEventInput),
		'POST /_sim/request-tokens': (body) => sim.issueRequestToken(body as { clientId?: string; companyUuid?: string }),
	};
}

export function controlHandler(sim: SimControls): ControlHandler {
	const table = actions(sim);
	return async (method, url, rawBody): Promise<SimResponse> => {
		if (method === 'GET' && url.pathname === '/_sim/ess/public-key') return { status: 200, text: sim.publicKeyPem };
		const action = table[`${method} ${url.pathname}`];
		if (!action) return json(404, { message: `no control endpoint ${method} ${url.pathname}` });
		try {
			const body = rawBody.length ? (JSON.parse(rawBody.toString('utf8')) as Body) : {};
			return json(200, await action(body, url));
		} catch (error) {
			return json(400, { message: (error as Error).message });
		}
	};
}
