/** SAP Concur simulator: token host (GLZ) + us2/eu2 datacenters, each on its own loopback port. */
import type { Server } from 'node:http';
import * as scenario from '../seed/scenario';
import { authRoutes } from './auth';
import { resolveOptions, SimContext, type RequestHookEvent } from './context';
import { controlHandler, type SimControls } from './control';
import { deliverEvent, essRoutes, type DeliverEventInput } from './ess';
import { expenseRoutes } from './expense';
import { FaultEngine, type FaultSettings } from './faults';
import { fisRoutes, recallDocument, resubmitDocument } from './fis';
import { Router } from './http';
import { invoiceRoutes } from './invoice';
import { listRoutes, seedListItems } from './lists';
import { receiptBytes, receiptIdOf, receiptImage, receiptRoutes, type ReceiptImage } from './receipts';
import { buildVendor, generateExpenseReports, type SeedVendor } from './seed-builder';
import { close, listen } from './server';
import type { ConcurSimulatorOptions, DeliveryRecord, FisDocType, FisDocument } from './types';
import { vendorRoutes } from './vendors';

export type { ApiFamily, ConcurSimulatorOptions, DeliveryRecord, FisDocType, FisDocument, FisDocStatus } from './types';
export type { DeliverEventInput } from './ess';
export type { BurstFault, FaultRule, FaultSettings } from './faults';
export type { RequestHookEvent } from './context';
export { OTHER_APP_CLIENT_ID, OTHER_APP_REQUEST_TOKEN } from './seed-builder';
export type { SeedVendor } from './seed-builder';

export class ConcurSimulator implements SimControls {
	tokenHostUrl = '';
	datacenterUrls = { us2: '', eu2: '' };
	controlUrl = '';
	private servers: Server[] = [];

	constructor(private readonly ctx: SimContext, private readonly faultEngine: FaultEngine) {}

	get publicKeyPem(): string {
		return this.ctx.signingKey.publicKeyPem;
	}

	/** @internal wiring from startConcurSimulator */
	attach(servers: Server[], urls: { token: string; us2: string; eu2: string }): void {
		this.servers = servers;
		this.ctx.urls = urls;
		this.tokenHostUrl = urls.token;
		this.datacenterUrls = { us2: urls.us2, eu2: urls.eu2 };
		this.controlUrl = `${urls.token}/_sim`;
	}

	info() {
		return { tokenHostUrl: this.tokenHostUrl, datacenterUrls: this.datacenterUrls, controlUrl: this.controlUrl, now: this.ctx.nowIso(), clockOffsetSeconds: this.ctx.clockOffsetMs / 1000, options: this.ctx.options };
	}

	/**
	 * Calls `hook` synchronously when an API request arrives and when its answer is ready, before it
	 * is sent (crash tests); returning `'drop'` on arrival closes the connection without applying it.
	 */
	onRequest(hook: ((event: RequestHookEvent) => 'drop' | void) | undefined): void {
		this.ctx.requestHook = hook;
	}

	/** Simulated "now" (real time + advanceTime offset). */
	now(): Date {
		return new Date(this.ctx.now());
	}

	get fisDocuments(): FisDocument[] {
		return this.ctx.data.fisDocuments;
	}

	get deliveries(): DeliveryRecord[] {
		return this.ctx.deliveries;
	}

	inspect() {
		const { data } = this.ctx;
		const calls = (kind: string) => this.ctx.fisCalls.filter((c) => c.kind === kind);
		return {
			fisDocuments: data.fisDocuments.map(({ id, docType, sourceId, revision, status, systemId, paymentRefs }) => ({ id, docType, sourceId, revision, status, systemId, paymentRefs })),
			acknowledgements: calls('acknowledgement'), postingConfirmations: calls('postingConfirmation'), paymentConfirmations: calls('paymentConfirmation'),
			integrationStatusCalls: this.ctx.integrationStatusCalls,
			reports: data.reports.filter((r) => !r.generated).map((r) => ({ reportId: r.reportId, approvalStatus: r.approvalStatus, paymentStatus: r.paymentStatus, lastModified: r.lastModified })),
			generatedReports: data.reports.filter((r) => r.generated).length,
			invoices: data.invoices.map((i) => ({ requestId: i.requestId, approvalStatus: i.approvalStatus, paymentStatus: i.paymentStatus })),
			vendors: data.vendors, lists: data.lists, listItems: data.listItems,
			subscriptions: this.ctx.subscriptions, deliveries: this.ctx.deliveries,
			requestTokens: [...this.ctx.requestTokens.values()], connectedCompanies: [...this.ctx.connectedCompanies],
			faults: this.faultEngine.current,
		};
	}

	statsSnapshot() {
		return { ...this.ctx.stats, requests: this.ctx.requestLog.length };
	}

	requestLog(limit?: number) {
		return limit ? this.ctx.requestLog.slice(-limit) : this.ctx.requestLog;
	}

	/** Back to the seed: data, tokens, records, counters, clock and faults. */
	reset(): void {
		this.ctx.reset();
		this.faultEngine.clear();
	}

	faults() {
		return this.faultEngine.current;
	}

	setFaults(settings: FaultSettings): void {
		if (settings.tokenLifetimeSeconds !== undefined) this.ctx.options.tokenLifetimeSeconds = settings.tokenLifetimeSeconds;
		this.faultEngine.set(settings);
	}

	clearFaults(): void {
		this.faultEngine.clear();
	}

	advanceTime(seconds: number): void {
		this.ctx.clockOffsetMs += seconds * 1000;
	}

	/** Runtime switches (same names as the start options; ports/seed/generation are start-only). */
	setOptions(options: Partial<ConcurSimulatorOptions>): void {
		const { expiredTokenStatus, ports: _ports, seed: _seed, generatedExpenseDocuments: _gen, ...rest } = options;
		Object.assign(this.ctx.options, rest);
		if (expiredTokenStatus) Object.assign(this.ctx.options.expiredTokenStatus, expiredTokenStatus);
	}

	recall(docType: FisDocType, id: string): FisDocument {
		return recallDocument(this.ctx, docType, id);
	}

	/** Processor recalls and the report/request is approved again: a new FIS document id for the same source id. */
	recallAndResubmit(docType: FisDocType, id: string): FisDocument {
		return resubmitDocument(this.ctx, docType, id);
	}

	/** The receipt image ids the FIS document of a report names (one per entry with a receipt). */
	receiptIdsOf(reportId: string): string[] {
		const report = this.ctx.data.reportsById.get(reportId);
		return (report?.entries ?? []).map((entry) => receiptIdOf(entry)).filter((id): id is string => id !== null);
	}

	/** A receipt image Concur no longer has (Image v1 answers 404). */
	removeReceipt(receiptId: string): void {
		this.ctx.data.receiptOverrides.set(receiptId, { missing: true });
	}

	/** Makes a receipt image `sizeBytes` long (e.g. above the size limit). */
	setReceiptSize(receiptId: string, sizeBytes: number): void {
		this.ctx.data.receiptOverrides.set(receiptId, { sizeBytes });
	}

	/** The image Concur serves for a receipt id (its bytes, type and size), or undefined when it has none. */
	receipt(receiptId: string): (ReceiptImage & { bytes: Buffer }) | undefined {
		const image = receiptImage(this.ctx, receiptId);
		return image && { ...image, bytes: receiptBytes(image) };
	}

	/** Adds `count` READY FIS expense documents with `linesPerDocument` entries each (with receipt images unless `withReceipts` is false); returns their FIS ids. */
	generateExpenseDocuments(count: number, linesPerDocument: number, withReceipts = true): string[] {
		const reports = generateExpenseReports(this.ctx.data, this.ctx.seed, count, linesPerDocument, withReceipts);
		const ids = new Set(reports.map((r) => r.reportId));
		return this.ctx.data.fisDocuments.filter((d) => ids.has(d.sourceId)).map((d) => d.id);
	}

	/** Bulk reference data for the benchmark, as if it had been there from the start (a reset drops it). */
	seedListItems(listId: string, items: Array<{ shortCode: string; value: string; parentCode?: string }>): void {
		seedListItems(this.ctx, listId, items);
	}

	seedVendors(vendors: SeedVendor[]): void {
		this.ctx.data.vendors.push(...vendors.map((vendor) => buildVendor(vendor, this.ctx.seed)));
	}

	deliverEvent(input: DeliverEventInput = {}): Promise<DeliveryRecord[]> {
		return deliverEvent(this.ctx, input);
	}

	/** A new company request token (24 h, limited uses), optionally issued for another client id. */
	issueRequestToken(input: { clientId?: string; companyUuid?: string } = {}) {
		const token = `crt-${Math.random().toString(36).slice(2, 12)}`;
		const record = this.ctx.issueRequestToken(token, input.companyUuid ?? scenario.concurCompanies[0].companyUuid, input.clientId ?? scenario.concurApp.clientId);
		return { requestToken: record.token, companyUuid: record.companyUuid, clientId: record.clientId };
	}

	async stop(): Promise<void> {
		await Promise.all(this.servers.map(close));
		this.servers = [];
	}
}

export async function startConcurSimulator(options: ConcurSimulatorOptions = {}): Promise<ConcurSimulator> {
	const ctx = new SimContext(resolveOptions(options), options.generatedExpenseDocuments);
	const faults = new FaultEngine(ctx.seed, () => ctx.options.latencyMs);
	const sim = new ConcurSimulator(ctx, faults);
	const auth = authRoutes(ctx);
	const token = new Router();
	token.add(auth.tokenRoute);
	const datacenter = new Router();
	datacenter.add(auth.tokenRoute, ...auth.dataRoutes, ...fisRoutes(ctx), ...expenseRoutes(ctx), ...invoiceRoutes(ctx), ...vendorRoutes(ctx), ...listRoutes(ctx), ...essRoutes(ctx), ...receiptRoutes(ctx));
	const pipeline = { ctx, faults, routers: { token, datacenter }, control: controlHandler(sim) };
	const ports = options.ports ?? {};
	const glz = await listen(pipeline, 'token', ports.tokenHost ?? 0);
	const us2 = await listen(pipeline, 'us2', ports.us2 ?? 0);
	const eu2 = await listen(pipeline, 'eu2', ports.eu2 ?? 0);
	sim.attach([glz.server, us2.server, eu2.server], { token: glz.url, us2: us2.url, eu2: eu2.url });
	return sim;
}
