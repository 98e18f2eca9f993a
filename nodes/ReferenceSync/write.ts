/**
 * Applies a sync plan. Concur cost centers go in List v4 bulk calls (≤250 parts, per-part
 * results), Concur vendors in Vendor v3.1 collection POST/PUT (every record's StatusList checked)
 * and one DELETE per removed vendor; IFS records in `$batch` change sets. A record the remote
 * system refuses becomes a failure with the system's message; an infrastructure failure (auth,
 * outage or rate limit after retries, unknown `$batch` outcome) stops the run.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

import type { IfsConnection } from '../shared/ifs/connection';
import { updateRecord } from '../shared/ifs/records';
import { IfsRequestError, type IfsTransport } from '../shared/ifs/transport';
import { OutcomeUnknownError } from '../shared/ifs/write-outcome';
import type { BatchOperation } from '../shared/ifs/odata/batch';
import { entityPath } from '../shared/ifs/odata/literals';
import { asArray, chunk, concurPath, isRecord, rowsOf } from '../shared/concur/normalize';
import { VENDOR_PATH, failedStatuses } from '../shared/concur/vendors';
import { concurRequest } from '../shared/concur/transport';
import { RemoteRequestError } from '../shared/send-with-retry';
import type { ConcurCreate, ConcurDeactivate, ConcurUpdate, IfsCreate, IfsUpdate, ParentCreate, SyncData, SyncPlan } from './core/plan';
import { CODE_PART_VALUE_SET, SUPPLIER_SET } from './read';

/** Concur accepts at most 250 parts per List v4 bulk call. */
export const LIST_BULK_SIZE = 250;
/** Concur rejects vendor collections of more than 1000 records. */
export const VENDOR_BATCH_SIZE = 1000;
/** Attributes Concur returns but does not accept on a vendor write. */
const VENDOR_READ_ONLY = ['ID', 'URI', 'StatusList', 'VendorBankList', 'VendorGroupList'];

export type ChangeAction = 'created-in-concur' | 'updated-in-concur' | 'deactivated-in-concur' | 'created-in-ifs' | 'updated-in-ifs';

/** Why a change is planned. */
export type ChangeReason =
	| 'missing-in-concur'
	| 'missing-company-item'
	| 'differs-in-concur'
	| 'blocked-in-ifs'
	| 'outside-validity'
	| 'absent-in-ifs'
	| 'concur-born'
	| 'differs-in-ifs';

export interface Change {
	data: SyncData;
	/** The system written to. */
	system: 'concur' | 'ifs';
	/** IFS code (cost center / supplier id; for a company item, the IFS company). */
	code: string;
	/** The same code as Concur holds it (code rule applied to cost centers). */
	concurCode: string;
	name: string;
	action: ChangeAction;
	reason: ChangeReason;
	previousName?: string;
	company?: string;
	/** Long code of the Concur parent item (connected lists). */
	parentCode?: string;
	concurId?: string;
	changed?: string[];
}

export interface Failure extends Change {
	message: string;
}

export interface Outcome {
	changes: Change[];
	failures: Failure[];
}

export interface SyncTarget {
	data: SyncData;
	listId: string;
	codePart: string;
	addressCode: string;
}

const HTTP_INFRASTRUCTURE = new Set([401, 403, 407, 408, 429]);

/** Auth, outage, rate limit after retries, or an unknown `$batch` outcome: not the record's fault. */
export function isInfrastructureFailure(error: unknown): boolean {
	if (error instanceof OutcomeUnknownError) return true;
	if (error instanceof IfsRequestError) {
		const status = error.ifs.status;
		if (status === undefined || HTTP_INFRASTRUCTURE.has(status)) return true;
		// HTTP 500 DATABASE_ERROR / ORA-nnnnn is an IFS business rule about this record.
		return status >= 500 && error.ifs.code !== 'DATABASE_ERROR' && !error.ifs.oraCode;
	}
	if (error instanceof RemoteRequestError) {
		const status = error.httpFailure.status;
		return status === undefined || HTTP_INFRASTRUCTURE.has(status) || status >= 500;
	}
	return false;
}

export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The record's failure, or the run's end when the failure is infrastructure. */
function recordFailure(node: INode, error: unknown): string {
	if (isInfrastructureFailure(error)) throw asNodeError(node, error);
	return messageOf(error);
}

// ---------------------------------------------------------------- planned changes (also the dry run)

export function parentCreateChange(parent: ParentCreate): Change {
	return {
		data: 'costCenters',
		system: 'concur',
		code: parent.company,
		concurCode: parent.shortCode,
		name: parent.value,
		action: 'created-in-concur',
		reason: 'missing-company-item',
		company: parent.company,
		...(parent.parentCode ? { parentCode: parent.parentCode } : {}),
	};
}

export function concurCreateChange(data: SyncData, create: ConcurCreate): Change {
	return {
		data,
		system: 'concur',
		code: create.code,
		concurCode: create.concurCode,
		name: create.name,
		action: 'created-in-concur',
		reason: 'missing-in-concur',
		company: create.company,
		...(create.parentCode ? { parentCode: create.parentCode } : {}),
	};
}

export function concurUpdateChange(data: SyncData, update: ConcurUpdate): Change {
	return {
		data,
		system: 'concur',
		code: update.code,
		concurCode: update.concurCode,
		name: update.name,
		previousName: update.previousName,
		action: 'updated-in-concur',
		reason: 'differs-in-concur',
		company: update.company,
		concurId: update.concurId,
		changed: update.changed,
	};
}

export function concurDeactivateChange(data: SyncData, deactivate: ConcurDeactivate): Change {
	return {
		data,
		system: 'concur',
		code: deactivate.code,
		concurCode: deactivate.concurCode,
		name: deactivate.name,
		action: 'deactivated-in-concur',
		reason: deactivate.reason,
		company: deactivate.company,
		concurId: deactivate.concurId,
	};
}

export function ifsCreateChange(data: SyncData, create: IfsCreate): Change {
	return { data, system: 'ifs', code: create.code, concurCode: create.concurCode, name: create.name, action: 'created-in-ifs', reason: 'concur-born', company: create.company, concurId: create.concurId };
}

export function ifsUpdateChange(data: SyncData, update: IfsUpdate): Change {
	return {
		data,
		system: 'ifs',
		code: update.code,
		concurCode: update.concurCode,
		name: update.name,
		previousName: update.previousName,
		action: 'updated-in-ifs',
		reason: 'differs-in-ifs',
		company: update.company,
		concurId: update.concurId,
	};
}

export function plannedChanges(plan: SyncPlan, data: SyncData): Change[] {
	return [
		...plan.createInIfs.map((create) => ifsCreateChange(data, create)),
		...plan.updateInIfs.map((update) => ifsUpdateChange(data, update)),
		...plan.createParentsInConcur.map(parentCreateChange),
		...plan.createInConcur.map((create) => concurCreateChange(data, create)),
		...plan.updateInConcur.map((update) => concurUpdateChange(data, update)),
		...plan.deactivateInConcur.map((deactivate) => concurDeactivateChange(data, deactivate)),
	];
}

// ---------------------------------------------------------------- apply

export async function applyPlan(this: IExecuteFunctions, plan: SyncPlan, target: SyncTarget, connection: IfsConnection): Promise<Outcome> {
	const outcome: Outcome = { changes: [], failures: [] };
	const add = (part: Outcome) => {
		outcome.changes.push(...part.changes);
		outcome.failures.push(...part.failures);
	};
	if (target.data === 'costCenters') {
		add(await createCodePartValues(this.getNode(), connection, target.codePart, plan.createInIfs));
		add(await updateIfsNames(this.getNode(), connection, target, plan.updateInIfs));
		add(await writeListItems.call(this, target.listId, plan));
	} else {
		add(await createSuppliers(this.getNode(), connection, plan.createInIfs));
		add(await updateIfsNames(this.getNode(), connection, target, plan.updateInIfs));
		add(await writeVendors.call(this, target.addressCode, plan));
	}
	return outcome;
}

// ---------------------------------------------------------------- Concur: cost-center list items

export type ListPart = { change: Change; request: IDataObject; key: string };

/** How Concur's bulk answer names a part: its parent and short code (create) or its long code (update). */
function partKey(part: IDataObject, method: 'POST' | 'PATCH'): string {
	return (method === 'POST' ? `${String(part.parentCode ?? '')}|${String(part.shortCode ?? '')}` : String(part.code ?? '')).toLowerCase();
}

export function createPart(change: Change, shortCode: string, value: string, parentCode: string | undefined): ListPart {
	const request: IDataObject = { shortCode, value, ...(parentCode ? { parentCode } : {}) };
	return { change, request, key: partKey(request, 'POST') };
}

function patchPart(change: Change, request: IDataObject): ListPart {
	return { change, request, key: partKey(request, 'PATCH') };
}

/** Company items first (parts run in order, so their children find them), then cost centers; then updates and deactivations. */
async function writeListItems(this: IExecuteFunctions, listId: string, plan: SyncPlan): Promise<Outcome> {
	const creates: ListPart[] = [
		...plan.createParentsInConcur.map((parent) => createPart(parentCreateChange(parent), parent.shortCode, parent.value, parent.parentCode)),
		...plan.createInConcur.map((create) => createPart(concurCreateChange('costCenters', create), create.concurCode, create.name, create.parentCode)),
	];
	const patches: ListPart[] = [
		...plan.updateInConcur.map((update) => patchPart(concurUpdateChange('costCenters', update), { code: update.longCode ?? update.concurCode, value: update.name })),
		...plan.deactivateInConcur.map((deactivate) => patchPart(concurDeactivateChange('costCenters', deactivate), { code: deactivate.longCode ?? deactivate.concurCode, deleted: true })),
	];
	const outcome: Outcome = { changes: [], failures: [] };
	for (const [method, parts] of [['POST', creates], ['PATCH', patches]] as const) {
		for (const batch of chunk(parts, LIST_BULK_SIZE)) {
			const result = await sendBulk.call(this, listId, method, batch);
			outcome.changes.push(...result.changes);
			outcome.failures.push(...result.failures);
		}
	}
	return outcome;
}

async function sendBulk(this: IExecuteFunctions, listId: string, method: 'POST' | 'PATCH', parts: ListPart[]): Promise<Outcome> {
	let body: unknown;
	try {
		body = (await concurRequest.call(this, { method, path: concurPath`/list/v4/lists/${listId}/bulk`, body: { requests: parts.map((part) => part.request) } })).body;
	} catch (error) {
		// Every part failed: Concur answers 400 with the per-part errors in the body.
		const partial = error instanceof RemoteRequestError && isRecord(error.httpFailure.body) && error.httpFailure.body.recordsFailed !== undefined;
		if (!partial) {
			const message = recordFailure(this.getNode(), error);
			return { changes: [], failures: parts.map((part) => ({ ...part.change, message })) };
		}
		body = error.httpFailure.body;
	}
	return bulkOutcome(parts, isRecord(body) ? asArray(body.errors).filter(isRecord) : [], method);
}

/**
 * Concur's per-part errors matched to the parts sent: by parent and short code (create) or long
 * code (update), else by short code alone; an error that names no part sent is reported too.
 */
export function bulkOutcome(parts: ListPart[], errors: IDataObject[], method: 'POST' | 'PATCH'): Outcome {
	const failed = new Map<ListPart, string>();
	const unmatched: Failure[] = [];
	const lower = (value: unknown) => String(value ?? '').toLowerCase();
	for (const error of errors) {
		const item = isRecord(error.listItem) ? error.listItem : {};
		const open = parts.filter((part) => !failed.has(part));
		const part = open.find((candidate) => candidate.key === partKey(item, method)) ?? open.find((candidate) => method === 'POST' && lower(candidate.request.shortCode) === lower(item.shortCode));
		const message = String(error.message ?? 'failed');
		if (part) failed.set(part, message);
		else unmatched.push({ ...parts[0].change, code: String(item.shortCode ?? item.code ?? ''), concurCode: String(item.shortCode ?? item.code ?? ''), name: String(item.value ?? ''), company: undefined, message: `SAP Concur reported an error for a list item this request did not send: ${message}` });
	}
	const outcome: Outcome = { changes: [], failures: unmatched };
	for (const part of parts) {
		const message = failed.get(part);
		if (message) outcome.failures.push({ ...part.change, message: `SAP Concur refused list item ${part.change.concurCode}: ${message}` });
		else outcome.changes.push(part.change);
	}
	return outcome;
}

// ---------------------------------------------------------------- Concur: vendors

type VendorPart = { change: Change; record: IDataObject };

async function writeVendors(this: IExecuteFunctions, addressCode: string, plan: SyncPlan): Promise<Outcome> {
	const creates: VendorPart[] = plan.createInConcur.map((create) => ({
		change: concurCreateChange('vendors', create),
		record: { VendorCode: create.concurCode, AddressCode: addressCode, VendorName: create.name, CountryCode: create.countryCode, CurrencyCode: create.currencyCode },
	}));
	const updates: VendorPart[] = plan.updateInConcur.map((update) => {
		const existing = Object.fromEntries(Object.entries(update.existing ?? {}).filter(([name]) => !VENDOR_READ_ONLY.includes(name))) as IDataObject;
		return {
			change: concurUpdateChange('vendors', update),
			record: {
				...existing,
				VendorCode: update.concurCode,
				AddressCode: (existing.AddressCode as string | undefined) ?? addressCode,
				VendorName: update.name,
				CountryCode: update.countryCode,
				CurrencyCode: update.currencyCode,
			},
		};
	});
	const outcome: Outcome = { changes: [], failures: [] };
	for (const [method, parts] of [['POST', creates], ['PUT', updates]] as const) {
		for (const batch of chunk(parts, VENDOR_BATCH_SIZE)) {
			const result = await sendVendors.call(this, method, batch);
			outcome.changes.push(...result.changes);
			outcome.failures.push(...result.failures);
		}
	}
	for (const deactivate of plan.deactivateInConcur) {
		const change = concurDeactivateChange('vendors', deactivate);
		const vendorAddress = String(deactivate.existing?.AddressCode ?? addressCode);
		try {
			const response = await concurRequest.call(this, { method: 'DELETE', path: VENDOR_PATH, qs: { vendorCode: deactivate.concurCode, addressCode: vendorAddress } });
			const failures = rowsOf(response.body, ['Vendor', 'Items']).flatMap(failedStatuses);
			if (failures.length) outcome.failures.push({ ...change, message: `SAP Concur refused to delete vendor ${deactivate.concurCode}/${vendorAddress}: ${statusText(failures)}` });
			else outcome.changes.push(change);
		} catch (error) {
			outcome.failures.push({ ...change, message: recordFailure(this.getNode(), error) });
		}
	}
	return outcome;
}

async function sendVendors(this: IExecuteFunctions, method: 'POST' | 'PUT', parts: VendorPart[]): Promise<Outcome> {
	let results: IDataObject[];
	try {
		const response = await concurRequest.call(this, { method, path: VENDOR_PATH, body: { Vendor: parts.map((part) => part.record) } });
		results = rowsOf(response.body, ['Vendor', 'Items']);
	} catch (error) {
		const message = recordFailure(this.getNode(), error);
		return { changes: [], failures: parts.map((part) => ({ ...part.change, message })) };
	}
	const outcome: Outcome = { changes: [], failures: [] };
	parts.forEach((part, position) => {
		// Concur numbers records from 1 in StatusList.RecordNumber; fall back to the response order.
		const result =
			results.find((candidate) => asArray(candidate.StatusList).some((status) => isRecord(status) && Number(status.RecordNumber) === position + 1)) ?? results[position];
		const failures = result ? failedStatuses(result) : [];
		const key = `${String(part.record.VendorCode)}/${String(part.record.AddressCode)}`;
		if (!result) outcome.failures.push({ ...part.change, message: `SAP Concur returned no result for vendor ${key}.` });
		else if (failures.length) outcome.failures.push({ ...part.change, message: `SAP Concur refused vendor ${key}: ${statusText(failures)}` });
		else outcome.changes.push({ ...part.change, ...(result.ID ? { concurId: String(result.ID) } : {}) });
	});
	return outcome;
}

function statusText(statuses: IDataObject[]): string {
	return statuses.map((status) => `code ${String(status.Code)} ${String(status.Message ?? '')}`.trim()).join('; ');
}

// ---------------------------------------------------------------- IFS

interface ChangeSet {
	change: Change[];
	operations: BatchOperation[];
}

/** Change sets in `$batch` requests of `batchSize`; every change set is atomic and answered on its own. */
async function sendChangeSets(node: INode, transport: IfsTransport, projection: string, entitySet: string, changeSets: ChangeSet[], batchSize: number): Promise<Outcome> {
	const outcome: Outcome = { changes: [], failures: [] };
	for (const batch of chunk(changeSets, batchSize)) {
		let results;
		let attempts = 1;
		try {
			const reply = await transport.batch(projection, batch.map((set) => ({ changeSet: set.operations })));
			results = reply.results;
			attempts = reply.attempts;
		} catch (error) {
			const message = recordFailure(node, error);
			outcome.failures.push(...batch.flatMap((set) => set.change.map((change) => ({ ...change, message }))));
			continue;
		}
		batch.forEach((set, position) => {
			const result = results[position];
			if (result?.ok) {
				outcome.changes.push(...set.change);
				return;
			}
			const error = transport.partError(result?.error.status, result?.error.body, { method: 'POST', entitySet }, attempts);
			const message = result ? error.message : 'IFS Cloud returned no answer for this change set';
			outcome.failures.push(...set.change.map((change) => ({ ...change, message })));
		});
	}
	return outcome;
}

async function createCodePartValues(node: INode, connection: IfsConnection, codePart: string, creates: IfsCreate[]): Promise<Outcome> {
	if (!creates.length) return { changes: [], failures: [] };
	const changeSets = creates.map((create) => ({
		change: [ifsCreateChange('costCenters', create)],
		operations: [
			{
				method: 'POST' as const,
				url: entityPath(CODE_PART_VALUE_SET),
				body: { Company: create.company, CodePart: codePart, CodePartValue: create.code, Description: create.name },
			},
		],
	}));
	return await sendChangeSets(node, connection.transport, connection.names.codePartValue, CODE_PART_VALUE_SET, changeSets, connection.settings.batchSize);
}

/** One change set per supplier: the supplier and its invoicing data in every selected company, atomically. */
async function createSuppliers(node: INode, connection: IfsConnection, creates: IfsCreate[]): Promise<Outcome> {
	if (!creates.length) return { changes: [], failures: [] };
	const bySupplier = new Map<string, IfsCreate[]>();
	for (const create of creates) bySupplier.set(create.code, [...(bySupplier.get(create.code) ?? []), create]);
	const changeSets = [...bySupplier.values()].map((companies) => {
		const [first] = companies;
		const country = first.countryCode?.trim();
		return {
			change: companies.map((create) => ifsCreateChange('vendors', create)),
			operations: [
				{ method: 'POST' as const, url: entityPath(SUPPLIER_SET), body: { SupplierId: first.code, Name: first.name, ...(country ? { Country: country } : {}) } },
				...companies.map((create) => ({
					method: 'POST' as const,
					url: '$1/SupplierInvoiceCompanies',
					body: { Company: create.company, ...(create.currencyCode ? { Currency: create.currencyCode } : {}) },
				})),
			],
		};
	});
	return await sendChangeSets(node, connection.transport, connection.names.supplier, SUPPLIER_SET, changeSets, connection.settings.batchSize);
}

/** Concur master: IFS names updated with the ETag read just before (cost center per company, supplier once). */
async function updateIfsNames(node: INode, connection: IfsConnection, target: SyncTarget, updates: IfsUpdate[]): Promise<Outcome> {
	const outcome: Outcome = { changes: [], failures: [] };
	for (const update of updates) {
		const change = ifsUpdateChange(target.data, update);
		try {
			if (target.data === 'costCenters') {
				const company = update.company ?? '';
				await updateRecord(
					connection.transport,
					{ ref: { projection: connection.names.codePartValue, entitySet: CODE_PART_VALUE_SET }, company },
					{ Company: company, CodePart: target.codePart, CodePartValue: update.code },
					{ Description: update.name },
				);
			} else {
				await updateRecord(connection.transport, { ref: { projection: connection.names.supplier, entitySet: SUPPLIER_SET } }, { SupplierId: update.code }, { Name: update.name });
			}
			outcome.changes.push(change);
		} catch (error) {
			outcome.failures.push({ ...change, message: recordFailure(node, error) });
		}
	}
	return outcome;
}
