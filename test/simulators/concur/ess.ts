/** Event Subscription Service v4: webhook subscription management and signed event delivery. */
import { constants, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import * as scenario from '../seed/scenario';
import type { SimContext } from './context';
import { json, parseJsonBody, type Route, type SimRequest, type SimResponse } from './http';
import type { Datacenter, DeliveryRecord, Principal, Subscription } from './types';

const TOPIC_SCOPES: Record<string, string> = {
	'public.concur.expense.report': 'expense.report.read',
	'public.concur.financialintegration': 'FISVC',
};
const MAX_SUBSCRIPTIONS_PER_APP = 5;

export interface DeliverEventInput {
	/** Default `expense.readyForIntegration`. */
	eventType?: string;
	/** Default derived from eventType (`*.readyForIntegration` → financial integration, else expense report). */
	topic?: string;
	/** Report/request id the event is about. */
	documentId?: string;
	companyUuid?: string;
	/** Extra/overriding facts. */
	facts?: Record<string, unknown>;
	/** Reuse an event id to simulate at-least-once redelivery. */
	eventId?: string;
	/** `offset` → `2023-09-26T21:17:44.570+0000` (default), `z` → `…Z`. */
	timestampStyle?: 'offset' | 'z';
	/** `wrong-key` signs with an unrelated key, `omit` sends no Concur-Signature. */
	signature?: 'valid' | 'wrong-key' | 'omit';
}

const companyIdsOf = (ctx: SimContext, sub: Subscription): string[] =>
	// a company is attached once it obtained a company token for the app
	[...ctx.connectedCompanies].filter((uuid) => ctx.companyHome(uuid) === sub.datacenter);

function view(ctx: SimContext, sub: Subscription) {
	return { id: sub.id, applicationId: sub.applicationId, scope: TOPIC_SCOPES[sub.topic], filter: sub.filter, topic: sub.topic, webHookConfig: sub.webHookConfig, groups: [], companyIds: companyIdsOf(ctx, sub) };
}

function visible(ctx: SimContext, req: SimRequest): Subscription[] {
	const app = req.principal as Principal;
	return ctx.subscriptions.filter((s) => s.applicationId === app.clientId && s.datacenter === req.role);
}

function saveSubscription(ctx: SimContext, req: SimRequest): SimResponse {
	const body = parseJsonBody(req) as { id?: string; filter?: string; topic?: string; webHookConfig?: { endpoint?: string } } | undefined;
	if (!body?.id || !body.topic || !body.webHookConfig?.endpoint) return json(400, { message: 'id, topic and webHookConfig.endpoint are required' });
	if (!(body.topic in TOPIC_SCOPES)) return json(400, { message: `Topic '${body.topic}' is not available to this application` });
	const existing = ctx.subscriptions.find((s) => s.id === body.id);
	if (existing && existing.applicationId !== req.principal?.clientId) return json(409, { message: `Subscription id '${body.id}' is already in use` });
	if (!existing && visible(ctx, req).length >= MAX_SUBSCRIPTIONS_PER_APP) return json(400, { message: 'Maximum number of subscriptions reached' });
	const sub: Subscription = {
		id: body.id, datacenter: req.role as Datacenter, applicationId: req.principal?.clientId as string,
		topic: body.topic, filter: body.filter ?? '.*', webHookConfig: { endpoint: body.webHookConfig.endpoint },
	};
	ctx.subscriptions = [...ctx.subscriptions.filter((s) => s.id !== sub.id), sub];
	return json(200, { message: `Subscription '${sub.id}' saved successfully` });
}

function getSubscription(ctx: SimContext, req: SimRequest): SimResponse {
	const sub = visible(ctx, req).find((s) => s.id === req.params.id);
	return sub ? json(200, [view(ctx, sub)]) : json(404, { message: `Subscription '${req.params.id}' not found` }); // an array even for one id
}

function deleteSubscription(ctx: SimContext, req: SimRequest): SimResponse {
	const sub = visible(ctx, req).find((s) => s.id === req.params.id);
	if (!sub) return json(404, { message: `Subscription '${req.params.id}' not found` });
	ctx.subscriptions = ctx.subscriptions.filter((s) => s !== sub);
	return json(200, { message: `Subscription '${sub.id}' marked for deletion` });
}

export function essRoutes(ctx: SimContext): Route[] {
	const route = (method: string, template: string, handler: Route['handler']): Route => ({ method, template, family: 'ess', principals: ['app'], handler });
	return [
		route('GET', '/events/v4/topics', () => json(200, Object.keys(TOPIC_SCOPES))),
		route('PUT', '/events/v4/subscriptions/webhook', (req) => saveSubscription(ctx, req)),
		route('GET', '/events/v4/subscriptions', (req) => json(200, visible(ctx, req).map((s) => view(ctx, s)))),
		route('GET', '/events/v4/subscriptions/:id', (req) => getSubscription(ctx, req)),
		route('DELETE', '/events/v4/subscriptions/:id', (req) => deleteSubscription(ctx, req)),
	];
}

function essTimestamp(iso: string, style: 'offset' | 'z'): string {
	return style === 'z' ? iso : iso.replace('Z', '+0000');
}

function buildFacts(ctx: SimContext, input: DeliverEventInput, eventType: string, companyUuid: string): Record<string, unknown> {
	const company = scenario.concurCompanies.find((c) => c.companyUuid === companyUuid) ?? scenario.concurCompanies[0];
	const geo = ctx.datacenterUrl(company.homeDatacenter);
	if (eventType.endsWith('.readyForIntegration')) {
		const docType = eventType.split('.')[0];
		const href = `${geo}/financialintegration/fi/v4/companies/transactiontypes/${docType}/transactions?docId=${input.documentId ?? ''}`;
		return { companyId: companyUuid, documentId: input.documentId ?? null, entityId: company.entityId, href, ...input.facts };
	}
	const report = ctx.data.reportsById.get(input.documentId ?? '');
	const employee = scenario.employees.find((e) => e.employeeId === report?.employeeId);
	return {
		companyId: companyUuid, userId: employee?.userUuid ?? null, actingUserId: null, reportId: input.documentId ?? null, reportType: 'Regular',
		previousApprovalStatus: null, currentApprovalStatus: report?.approvalStatus ?? null, previousPaymentStatus: null, currentPaymentStatus: report?.paymentStatus ?? null,
		stepCode: null, href: employee ? `${geo}/expensereports/v4/users/${employee.userUuid}/context/TRAVELER/reports/${input.documentId}` : null,
		lastModifiedDate: report?.lastModified ?? ctx.nowIso(), ...input.facts,
	};
}

/** RSA-PSS, SHA-256, MGF1-SHA-256, max salt length, over the raw body, base64. */
function signBody(body: string, key: KeyObject): string {
	return sign('sha256', Buffer.from(body), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN }).toString('base64');
}

async function post(ctx: SimContext, sub: Subscription, eventId: string, body: string, correlationId: string, mode: DeliverEventInput['signature']): Promise<DeliveryRecord> {
	const headers: Record<string, string> = { 'content-type': 'application/json', 'concur-correlationid': correlationId };
	if (mode !== 'omit') headers['concur-signature'] = signBody(body, mode === 'wrong-key' ? ctx.wrongSigningKey : ctx.signingKey.privateKey);
	const record: DeliveryRecord = {
		eventId, subscriptionId: sub.id, endpoint: sub.webHookConfig.endpoint, signature: mode === 'omit' ? 'omitted' : mode ?? 'valid',
		status: null, error: null, body, deliveredAt: ctx.nowIso(),
	};
	try {
		const response = await fetch(sub.webHookConfig.endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(60000) });
		record.status = response.status;
		await response.arrayBuffer();
	} catch (error) {
		record.error = (error as Error).message;
	}
	ctx.deliveries.push(record);
	return record;
}

/** POSTs one event envelope to every matching subscription (topic, filter regex, attached company, datacenter). */
export async function deliverEvent(ctx: SimContext, input: DeliverEventInput = {}): Promise<DeliveryRecord[]> {
	const eventType = input.eventType ?? 'expense.readyForIntegration';
	const topic = input.topic ?? (eventType.endsWith('.readyForIntegration') ? 'public.concur.financialintegration' : 'public.concur.expense.report');
	const companyUuid = input.companyUuid ?? scenario.concurCompanies[0].companyUuid;
	const correlationId = randomBytes(16).toString('hex');
	const event = {
		id: input.eventId ?? randomUUID(), correlationId, eventType, topic, subtopic: scenario.concurCompanies[0].entityId,
		timeStamp: essTimestamp(ctx.nowIso(), input.timestampStyle ?? 'offset'), route: 'stable', data: null,
		facts: buildFacts(ctx, input, eventType, companyUuid),
	};
	const body = JSON.stringify(event);
	const targets = ctx.subscriptions.filter((s) => s.topic === topic && new RegExp(s.filter).test(eventType) && companyIdsOf(ctx, s).includes(companyUuid));
	return Promise.all(targets.map((s) => post(ctx, s, event.id, body, correlationId, input.signature ?? 'valid')));
}
