import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { RemoteRequestError } from '../shared/send-with-retry';
import { isRecord } from '../shared/concur/normalize';
import { isValidConcurSignature, parsePublicKeys } from './helpers/signature';
import { processSeenEvents } from './helpers/seen-events';
import { concurRequest } from '../shared/concur/transport';
import { readmeSection } from '../shared/descriptions';

/** ESS events carry ids and links only (about 1 KB); anything far larger is not one. */
const MAX_EVENT_BYTES = 64 * 1024;

const TOPICS = [
	{ name: 'Financial Integration (Ready for Integration)', value: 'public.concur.financialintegration' },
	{ name: 'Expense Report (Created, Updated, Status Changed…)', value: 'public.concur.expense.report' },
	{ name: 'Custom Topic', value: 'custom' },
];

export class SapConcurEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SAP Concur Event Trigger',
		name: 'sapConcurEventTrigger',
		icon: { light: 'file:sapConcur.svg', dark: 'file:sapConcur.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ { "public.concur.financialintegration": "Ready-for-integration events", "public.concur.expense.report": "Expense report events" }[$parameter["topic"]] || ($parameter["customTopic"] || "Custom topic") + " events" }}',
		documentationUrl: readmeSection('sap-concur-event-trigger-node'),
		description: 'Starts the workflow when SAP Concur\'s Event Subscription Service posts an event (e.g. a report ready for posting)',
		defaults: { name: 'SAP Concur Event Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sapConcurOAuth2Api', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Events carry only IDs and links: fetch the document with the SAP Concur node (e.g. Financial Document → Get with the event\'s document ID). Keep a polling trigger as a safety net for missed events.',
				name: 'eventsNotice',
				type: 'notice',
				default: '',
			},
			{ displayName: 'Topic', name: 'topic', type: 'options', options: TOPICS, default: 'public.concur.financialintegration' },
			{
				displayName: 'Custom Topic Name',
				name: 'customTopic',
				type: 'string',
				default: '',
				placeholder: 'public.concur.…',
				description: 'ESS topic name (SAP documents no purchase-request topic; use the one your tenant lists under GET /events/v4/topics)',
				displayOptions: { show: { topic: ['custom'] } },
			},
			{
				displayName: 'Event Type Filter',
				name: 'eventTypeFilter',
				type: 'string',
				default: '.*',
				description:
					'Regular expression on the event type, e.g. expense\\.readyForIntegration or statusChanged. Events of other types are answered 200 and start nothing.',
			},
			{
				displayName: 'Manage Subscription',
				name: 'manageSubscription',
				type: 'boolean',
				default: false,
				description:
					'Whether n8n creates and deletes the ESS webhook subscription on activation. SAP Concur manages subscriptions only with an app token (client credentials grant); this credential holds a company token, so keep this off and create the subscription outside n8n unless your tenant accepts company tokens for ESS management.',
			},
			{
				displayName: 'Subscription ID',
				name: 'subscriptionId',
				type: 'string',
				default: '',
				placeholder: 'n8n-concur-expense-ready',
				description: 'Globally unique name of the subscription (default: derived from this workflow and node)',
				displayOptions: { show: { manageSubscription: [true] } },
			},
			{
				displayName: 'Verify Signature',
				name: 'verifySignature',
				type: 'boolean',
				default: true,
				description: 'Whether to reject (HTTP 401) events whose Concur-Signature header does not verify against one of the public keys',
			},
			{
				displayName: 'Without signature verification anyone who knows this webhook URL can start the workflow. Only switch it off behind a proxy that checks Concur\'s client certificate (CN=webhook.api.concursolutions.com).',
				name: 'unverifiedWarning',
				type: 'notice',
				default: '',
				displayOptions: { show: { verifySignature: [false] } },
			},
			{
				displayName: 'Public Keys (PEM)',
				name: 'publicKeys',
				type: 'string',
				typeOptions: { rows: 8 },
				default: '',
				required: true,
				description:
					'SAP Concur\'s ESS signing public key(s) in PEM format, as published on the Event Subscription Service page. Paste several keys one after another to accept the current and the next key during a rotation.',
				displayOptions: { show: { verifySignature: [true] } },
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Activation fails on a configuration that would refuse or mis-filter every event.
				const problem = configurationProblem(this);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				if (!this.getNodeParameter('manageSubscription', false)) return true;
				const subscriptionId = subscriptionIdOf(this);
				try {
					const response = await concurRequest.call(this, { path: `/events/v4/subscriptions/${encodeURIComponent(subscriptionId)}` });
					const subscriptions = Array.isArray(response.body) ? response.body : [response.body];
					const endpoint = this.getNodeWebhookUrl('default');
					return subscriptions.some((subscription) => isRecord(subscription) && isRecord(subscription.webHookConfig) && subscription.webHookConfig.endpoint === endpoint);
				} catch (error) {
					if (error instanceof RemoteRequestError && error.httpFailure.status === 404) return false;
					throw subscriptionError(this, error, 'check');
				}
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('manageSubscription', false)) return true;
				const subscriptionId = subscriptionIdOf(this);
				const body = {
					id: subscriptionId,
					topic: topicOf(this),
					filter: (this.getNodeParameter('eventTypeFilter', '.*') as string) || '.*',
					webHookConfig: { endpoint: this.getNodeWebhookUrl('default') as string },
				};
				try {
					await concurRequest.call(this, { method: 'PUT', path: '/events/v4/subscriptions/webhook', body });
				} catch (error) {
					throw subscriptionError(this, error, 'create');
				}
				this.getWorkflowStaticData('node').subscriptionId = subscriptionId;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (!this.getNodeParameter('manageSubscription', false) || !staticData.subscriptionId) return true;
				try {
					await concurRequest.call(this, { method: 'DELETE', path: `/events/v4/subscriptions/${encodeURIComponent(String(staticData.subscriptionId))}` });
				} catch (error) {
					if (!(error instanceof RemoteRequestError && error.httpFailure.status === 404)) throw subscriptionError(this, error, 'delete');
				}
				delete staticData.subscriptionId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const problem = configurationProblem(this);
		if (problem) {
			// 5xx: ESS keeps the event and retries it for 72 h while the trigger is fixed.
			this.logger.error(`SAP Concur Event Trigger: ${problem}`);
			return answer(this, 500, { message: `The SAP Concur Event Trigger is misconfigured: ${problem}` });
		}
		const rawBody = this.getRequestObject().rawBody;
		if (!Buffer.isBuffer(rawBody)) return answer(this, 400, { message: 'The request has no body to verify' });
		if (rawBody.length > MAX_EVENT_BYTES) return answer(this, 413, { message: `An SAP Concur event is a few hundred bytes; this body has ${rawBody.length}` });
		if (this.getNodeParameter('verifySignature', true)) {
			const keys = parsePublicKeys(this.getNodeParameter('publicKeys', '') as string);
			if (!isValidConcurSignature(rawBody, this.getHeaderData()['concur-signature'] as string | undefined, keys)) {
				return answer(this, 401, { message: 'Invalid or missing Concur-Signature' });
			}
		} else {
			this.logger.warn('SAP Concur Event Trigger: signature verification is switched off; the event is accepted unverified.');
		}
		// Only the bytes that were verified are read: never n8n's separately parsed body.
		const event = parseEvent(rawBody);
		if (!event) return answer(this, 400, { message: 'Not an SAP Concur event: the body must be a JSON object with a string "id"' });
		const documentId = documentIdOf(event);
		if (documentId === undefined) return answer(this, 400, { message: 'The SAP Concur event names no document: "facts.documentId" (or "facts.reportId") is missing' });
		if (!eventTypeFilter(this)!.test(String(event.eventType ?? ''))) return answer(this, 200, { message: 'Event type not selected by this trigger; ignored' });
		// ESS redelivers until it gets a 2xx and delivers in parallel: acknowledge a replay, start nothing.
		if (!processSeenEvents.claim(seenKey(this, event.id as string))) return answer(this, 200, { message: 'Duplicate event ignored' });
		return { workflowData: [[{ json: eventOutput(event, documentId, this.getHeaderData()['concur-correlationid']) }]] };
	}
}

function answer(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** What makes every event fail or pass unchecked: unusable keys or an invalid event-type expression. */
function configurationProblem(context: IHookFunctions | IWebhookFunctions): string | undefined {
	if (!eventTypeFilter(context)) return `"Event Type Filter" is not a valid regular expression: ${String(context.getNodeParameter('eventTypeFilter', ''))}`;
	if (!context.getNodeParameter('verifySignature', true)) return undefined;
	const keys = settleSync(() => parsePublicKeys(context.getNodeParameter('publicKeys', '') as string));
	return keys instanceof Error ? keys.message : undefined;
}

function eventTypeFilter(context: IHookFunctions | IWebhookFunctions): RegExp | undefined {
	const expression = String(context.getNodeParameter('eventTypeFilter', '.*') ?? '') || '.*';
	const compiled = settleSync(() => new RegExp(expression));
	return compiled instanceof Error ? undefined : compiled;
}

function settleSync<T>(compute: () => T): T | Error {
	try {
		return compute();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** Test deliveries (editor) and production deliveries of one workflow are remembered apart. */
function seenKey(context: IWebhookFunctions, eventId: string): string {
	return [context.getMode(), context.getWorkflow().id ?? '', context.getNode().id, eventId].join('\n');
}

function parseEvent(rawBody: Buffer): IDataObject | undefined {
	try {
		const event: unknown = JSON.parse(rawBody.toString('utf8'));
		return isRecord(event) && typeof event.id === 'string' && event.id !== '' ? event : undefined;
	} catch {
		return undefined;
	}
}

/** FIS events name the document in facts.documentId, expense report events in facts.reportId. */
function documentIdOf(event: IDataObject): string | undefined {
	const facts = isRecord(event.facts) ? event.facts : {};
	const id = facts.documentId ?? facts.reportId;
	return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
}

/** The event plus its document reference lifted to the top. */
function eventOutput(event: IDataObject, documentId: string, correlationHeader: unknown): IDataObject {
	const facts = event.facts as IDataObject;
	const eventType = String(event.eventType ?? '');
	return {
		eventId: event.id,
		eventType,
		topic: event.topic ?? null,
		documentType: eventType.includes('.') ? eventType.split('.')[0] : null,
		documentId,
		href: facts.href ?? null,
		companyId: facts.companyId ?? null,
		timeStamp: event.timeStamp ?? null,
		facts,
		_concur: { correlationId: event.correlationId ?? correlationHeader ?? null },
	};
}

function topicOf(context: IHookFunctions): string {
	const topic = context.getNodeParameter('topic') as string;
	return topic === 'custom' ? String(context.getNodeParameter('customTopic', '')).trim() : topic;
}

function subscriptionIdOf(context: IHookFunctions): string {
	const configured = String(context.getNodeParameter('subscriptionId', '') ?? '').trim();
	return configured || `n8n-${context.getWorkflow().id ?? 'workflow'}-${context.getNode().id}`;
}

function subscriptionError(context: IHookFunctions, error: unknown, action: string): NodeApiError | NodeOperationError {
	const status = error instanceof RemoteRequestError ? error.httpFailure.status : undefined;
	const detail = (error as Error)?.message ?? String(error);
	const hint =
		status === 401 || status === 403
			? 'SAP Concur manages ESS subscriptions only with an app token (client credentials grant), which this company credential does not hold. Create the subscription outside n8n and switch "Manage Subscription" off.'
			: 'Check the topic (and that the app has its scope) and the webhook URL, which must be public HTTPS.';
	return new NodeOperationError(context.getNode(), `Could not ${action} the SAP Concur event subscription: ${detail}`, { description: hint });
}
