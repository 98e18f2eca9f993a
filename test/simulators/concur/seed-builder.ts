/** Turns the shared business scenario into the simulator's Concur data (deterministic per seed). */
import * as scenario from '../seed/scenario';
import { connectedCostCenterList } from '../seed/connected-list';
import type {
	AllocationModel, EntryModel, FisDocType, FisDocument, InvoiceModel, ItemizationModel, ListItemModel, ListModel,
	ReportModel, VendorRecord,
} from './types';
import { seededRandom } from '../seeded-random';
import { hex20Upper, hex32, opaqueV3Id, timestampOn, units8ToPlain, uuidFrom } from './util';

export const OTHER_APP_CLIENT_ID = '0c0ffee0-0000-4000-8000-0000000000a2';
export const OTHER_APP_REQUEST_TOKEN = 'crt-northwind-other-app';
const PROJECTS_LIST_ID = uuidFrom('list', 'projects');

type Employee = (typeof scenario.employees)[number];

export interface SimData {
	reports: ReportModel[];
	reportsById: Map<string, ReportModel>;
	invoices: InvoiceModel[];
	fisDocuments: FisDocument[];
	fisById: Map<string, FisDocument>;
	vendors: VendorRecord[];
	lists: ListModel[];
	listItems: ListItemModel[];
	generatedCount: number;
	keyCounter: number;
	/** Receipt images changed by a test: removed (`missing`) or another size in bytes. */
	receiptOverrides: Map<string, { missing?: boolean; sizeBytes?: number }>;
}

export function employeeById(employeeId: string): Employee {
	const employee = scenario.employees.find((e) => e.employeeId === employeeId);
	if (!employee) throw new Error(`unknown employee ${employeeId}`);
	return employee;
}

export const companyOf = () => scenario.concurCompanies[0];

/** Concur cannot hold `-` in list codes, so IFS's CC-400 lives in Concur as CC_400. */
function concurCostCenterCode(code: string): string {
	const items = scenario.concurCostCenterList.items;
	return (items.find((i) => i.shortCode === code) ?? items.find((i) => i.shortCode === code.replace(/-/g, '_')))?.shortCode ?? code;
}

const countryOfLedger = (ledgerCode: string): string => (ledgerCode === 'EU' ? 'DE' : 'US');


function nextKey(data: SimData): number {
	data.keyCounter += 1;
	return data.keyCounter;
}

function buildAllocations(seed: number, ownerId: string, percentages: Array<{ percentage: string; costCenter: string }>): AllocationModel[] {
	return percentages.map((a, i) => ({
		v3Id: opaqueV3Id(i % 2 === 0, seed, 'alloc-v3', ownerId, i),
		v4Id: hex32(seed, 'alloc-v4', ownerId, i).toUpperCase(),
		percentage: a.percentage,
		costCenterCode: concurCostCenterCode(a.costCenter),
	}));
}

function buildEntry(data: SimData, seed: number, report: scenario.SeedReport, entry: scenario.SeedEntry, index: number, lastModified: string): EntryModel {
	const employee = employeeById(report.employeeId);
	const entryKey = `${report.reportId}-${index}`;
	const defaultAllocation = [{ percentage: '100', costCenter: employee.costCenter }];
	const itemizations: ItemizationModel[] = (entry.itemizations ?? []).map((item, i) => ({
		v3Id: opaqueV3Id(i === 0, seed, 'item-v3', entryKey, i),
		v4Id: hex32(seed, 'item-v4', entryKey, i).toUpperCase(),
		legacyKey: nextKey(data),
		expenseType: item.expenseType,
		amount: item.amount,
		allocations: buildAllocations(seed, `${entryKey}-i${i}`, defaultAllocation),
	}));
	return {
		v3Id: opaqueV3Id(index % 2 === 1, seed, 'entry-v3', entryKey),
		v4Id: hex32(seed, 'entry-v4', entryKey).toUpperCase(),
		legacyKey: nextKey(data),
		expenseType: entry.expenseType,
		amount: entry.amount,
		paymentType: entry.paymentType,
		personal: entry.personal ?? false,
		noReceiptImage: entry.noReceiptImage,
		date: entry.date,
		vendor: entry.vendor,
		transaction: entry.transaction,
		country: entry.country,
		taxAmount: entry.taxAmount,
		taxCode: entry.taxCode,
		reclaimableTax: entry.reclaimableTax,
		journalAmounts: entry.journalAmounts,
		allocations: itemizations.length ? [] : buildAllocations(seed, entryKey, entry.allocations ?? defaultAllocation),
		itemizations,
		lastModified,
	};
}

interface ReportStatus { approval: string; payment: string; paidDate?: string }

function buildReport(data: SimData, seed: number, report: scenario.SeedReport, status: ReportStatus, generated = false): ReportModel {
	const employee = employeeById(report.employeeId);
	const submitted = status.approval !== 'A_NOTF';
	const createDate = timestampOn(report.entries[0]?.date ?? report.submitDate, report.reportId, 'created');
	const submitDate = submitted ? timestampOn(report.submitDate, report.reportId, 'submitted') : null;
	const processingPaymentDate = status.approval === 'A_APPR' ? timestampOn(report.processingDate, report.reportId, 'processing') : null;
	const paidDate = status.paidDate ? timestampOn(status.paidDate, report.reportId, 'paid') : null;
	const lastModified = paidDate ?? processingPaymentDate ?? submitDate ?? createDate;
	return {
		reportId: report.reportId,
		reportKey: nextKey(data),
		reportNumber: report.reportNumber,
		name: report.name,
		employeeId: report.employeeId,
		currency: employee.currency,
		ledgerCode: employee.ledgerCode,
		countryCode: countryOfLedger(employee.ledgerCode),
		approvalStatus: status.approval,
		paymentStatus: status.payment,
		createDate, submitDate, processingPaymentDate, paidDate, lastModified,
		entries: report.entries.map((e, i) => buildEntry(data, seed, report, e, i, lastModified)),
		cashAdvances: report.cashAdvances ?? [],
		generated,
	};
}

/** Reports that are not ready for posting, so status filters have something to filter out. */
const extraReports: Array<{ report: scenario.SeedReport; status: ReportStatus }> = [
	{
		report: { reportId: '764428DD6A664AF0BFD1', reportNumber: 'W4JPD1', name: 'Draft client dinner', employeeId: 'E100', submitDate: '2026-11-15', processingDate: '', entries: [
			{ expenseType: 'BUSML', amount: '64.00', paymentType: 'CASH', date: '2026-11-14' }] },
		status: { approval: 'A_NOTF', payment: 'P_NOTP' },
	},
	{
		report: { reportId: '764428DD6A664AF0BFD2', reportNumber: 'W4JPD2', name: 'Team lunch (pending manager)', employeeId: 'E200', submitDate: '2026-11-14', processingDate: '', entries: [
			{ expenseType: 'BUSML', amount: '148.20', paymentType: 'CASH', date: '2026-11-13' }] },
		status: { approval: 'A_PEND', payment: 'P_NOTP' },
	},
	{
		report: { reportId: '764428DD6A664AF0BFD3', reportNumber: 'W4JPD3', name: 'October travel (already paid)', employeeId: 'E100', submitDate: '2026-10-18', processingDate: '2026-10-20', entries: [
			{ expenseType: 'TAXIX', amount: '31.75', paymentType: 'CASH', date: '2026-10-15' }] },
		status: { approval: 'A_APPR', payment: 'P_PAID', paidDate: '2026-10-22' },
	},
];

const extraInvoices: scenario.SeedInvoice[] = [
	{ requestId: '9B1D30723CBF4F86A579', vendorCode: '2001', invoiceNumber: 'INIT-0042', invoiceDate: '2026-11-12', ledgerCode: 'US', currency: 'USD',
		lines: [{ description: 'Consulting (pending approval)', expenseType: 'ITSVC', amount: '900.00', allocations: [{ percentage: '100', costCenter: 'CC100', accountCode: '6300' }] }] },
];

function buildInvoice(data: SimData, seed: number, invoice: scenario.SeedInvoice, approved: boolean): InvoiceModel {
	const vendor = scenario.concurVendors.find((v) => v.vendorCode === invoice.vendorCode);
	return {
		requestId: invoice.requestId,
		reqKey: nextKey(data),
		vendorCode: invoice.vendorCode,
		addressCode: vendor?.addressCode ?? 'MAIN',
		invoiceNumber: invoice.invoiceNumber,
		invoiceDate: invoice.invoiceDate,
		ledgerCode: invoice.ledgerCode,
		currency: invoice.currency,
		purchaseOrderNumber: invoice.purchaseOrderNumber,
		ownerEmployeeId: invoice.ledgerCode === 'EU' ? 'E300' : 'E200',
		approvalStatus: approved ? 'A_APPR' : 'A_PEND',
		paymentStatus: 'P_NOTP',
		createDate: timestampOn(invoice.invoiceDate, invoice.requestId, 'created'),
		submitDate: timestampOn(invoice.invoiceDate, invoice.requestId, 'submitted'),
		lastModified: timestampOn(scenario.SCENARIO_DATE, invoice.requestId, 'modified'),
		paidDate: null,
		lines: invoice.lines.map((line, i) => ({
			lineItemId: hex32(seed, 'line', invoice.requestId, i).toUpperCase(),
			description: line.description,
			expenseType: line.expenseType,
			amount: line.amount,
			allocations: line.allocations.map((a) => ({ ...a, costCenterCode: concurCostCenterCode(a.costCenter) })),
		})),
	};
}

export interface SeedVendor {
	vendorCode: string;
	addressCode: string;
	name: string;
	countryCode: string;
	currencyCode: string;
}

export function buildVendor(v: SeedVendor, seed: number): VendorRecord {
	return {
		ID: opaqueV3Id(false, seed, 'vendor', v.vendorCode, v.addressCode),
		VendorCode: v.vendorCode, AddressCode: v.addressCode, VendorName: v.name, VendorFormName: 'Default Vendor Form',
		Address1: '1 Main St', Address2: null, Address3: null, City: v.countryCode === 'SE' ? 'Stockholm' : 'Seattle',
		State: v.countryCode === 'US' ? 'WA' : null, PostalCode: v.countryCode === 'SE' ? '111 22' : '98101',
		Country: v.countryCode === 'SE' ? 'SWEDEN' : 'UNITED STATES', CountryCode: v.countryCode, CurrencyCode: v.currencyCode,
		TaxID: null, TaxType: null, ProvincialTaxID: null, AccountNumber: null, PaymentMethodType: 'CHECK', PaymentTerms: '30',
		DiscountTermsDays: null, DiscountPercentage: null, Approved: 'true',
		ContactFirstName: null, ContactLastName: null, ContactEmail: null, ContactPhoneNumber: null,
		PurchaseOrderContactFirstName: null, PurchaseOrderContactLastName: null, PurchaseOrderContactEmail: null, PurchaseOrderContactPhoneNumber: null,
		DefaultEmployeeID: null, DefaultExpenseTypeName: null, ShippingMethod: null, ShippingTerms: null,
		IsVisibleForContentExtraction: 'false', IsLineItemVatIncld: 'false', VoucherNotes: null, AddressImportSyncID: null, Custom1: null,
		VendorBankList: [], VendorGroupList: [],
	};
}

/** Level 1 = companies, level 2 = their cost centers. */
function connectedListItems(): ListItemModel[] {
	const list = connectedCostCenterList;
	return list.companies.flatMap((company) => [
		{ id: company.id, listId: list.listId, shortCode: company.shortCode, value: company.value, parentId: null, level: 1, isDeleted: false },
		...company.children.map((child) => ({ id: child.id, listId: list.listId, shortCode: child.shortCode, value: child.value, parentId: company.id, level: 2, isDeleted: false })),
	]);
}

function buildLists(): { lists: ListModel[]; listItems: ListItemModel[] } {
	const cc = scenario.concurCostCenterList;
	const lists: ListModel[] = [
		{ id: cc.listId, value: cc.name, levelCount: 1, isDeleted: false },
		{ id: PROJECTS_LIST_ID, value: 'Projects', levelCount: 1, isDeleted: false },
		{ id: connectedCostCenterList.listId, value: connectedCostCenterList.name, levelCount: connectedCostCenterList.levelCount, isDeleted: false },
	];
	const listItems: ListItemModel[] = [
		...cc.items.map((i) => ({ id: i.id, listId: cc.listId, shortCode: i.shortCode, value: i.value, parentId: null, level: 1, isDeleted: false })),
		...['Apollo', 'Gemini'].map((value, i) => ({ id: uuidFrom('item', 'projects', i), listId: PROJECTS_LIST_ID, shortCode: `PRJ0${i + 1}`, value, parentId: null, level: 1, isDeleted: false })),
		...connectedListItems(),
	];
	return { lists, listItems };
}

export function addFisDocument(data: SimData, seed: number, docType: FisDocType, sourceId: string, revision: number, createdAt: string): FisDocument {
	const doc: FisDocument = { id: hex32(seed, 'fis', docType, sourceId, revision), docType, sourceId, revision, status: 'READY', systemId: null, createdAt, paymentRefs: [] };
	data.fisDocuments.push(doc);
	data.fisById.set(doc.id, doc);
	return doc;
}

function addReport(data: SimData, report: ReportModel): void {
	data.reports.push(report);
	data.reportsById.set(report.reportId, report);
}

export function buildSeedData(seed: number): SimData {
	const data: SimData = { reports: [], reportsById: new Map(), invoices: [], fisDocuments: [], fisById: new Map(), vendors: [], generatedCount: 0, keyCounter: 4000, receiptOverrides: new Map(), ...buildLists() };
	for (const report of scenario.expenseReports) {
		const model = buildReport(data, seed, report, { approval: 'A_APPR', payment: 'P_PROC' });
		addReport(data, model);
		addFisDocument(data, seed, 'expense', model.reportId, 0, model.processingPaymentDate as string);
	}
	for (const extra of extraReports) addReport(data, buildReport(data, seed, extra.report, extra.status));
	for (const invoice of scenario.paymentRequests) {
		const model = buildInvoice(data, seed, invoice, true);
		data.invoices.push(model);
		addFisDocument(data, seed, 'invoice', model.requestId, 0, model.lastModified);
	}
	for (const invoice of extraInvoices) data.invoices.push(buildInvoice(data, seed, invoice, false));
	data.vendors = scenario.concurVendors.map((v) => buildVendor(v, seed));
	return data;
}

const GENERATED_TYPES = ['AIRFR', 'LODNG', 'BUSML', 'CARMI', 'TAXIX', 'OFCSP', 'MISCL'];
const GENERATED_CCS = ['CC100', 'CC200', 'CC300'];

function generatedEntry(random: () => number, withReceipts: boolean): scenario.SeedEntry {
	const cents = 500 + Math.floor(random() * 49500);
	const split = random() < 0.3;
	const first = GENERATED_CCS[Math.floor(random() * 3)];
	const second = GENERATED_CCS.find((c) => c !== first) as string;
	return {
		expenseType: GENERATED_TYPES[Math.floor(random() * GENERATED_TYPES.length)],
		amount: units8ToPlain(BigInt(cents) * 1000000n, 2),
		paymentType: random() < 0.6 ? 'CASH' : 'CBCP',
		date: `2026-11-${String(1 + Math.floor(random() * 14)).padStart(2, '0')}`,
		allocations: split ? [{ percentage: '50', costCenter: first }, { percentage: '50', costCenter: second }] : undefined,
		noReceiptImage: !withReceipts,
	};
}

/** Adds `count` approved, READY expense reports with `lines` entries each (benchmark volume), each entry with a receipt image unless `withReceipts` is false. */
export function generateExpenseReports(data: SimData, seed: number, count: number, lines: number, withReceipts = true): ReportModel[] {
	const random = seededRandom(seed * 7919 + data.generatedCount);
	const created: ReportModel[] = [];
	for (let i = 0; i < count; i++) {
		const n = data.generatedCount++;
		const employee = scenario.employees[n % scenario.employees.length];
		const seedReport: scenario.SeedReport = {
			reportId: hex20Upper('generated', seed, n), reportNumber: `G${String(n).padStart(5, '0')}`, name: `Generated report ${n + 1}`,
			employeeId: employee.employeeId, submitDate: '2026-11-15', processingDate: '2026-11-16',
			entries: Array.from({ length: lines }, () => generatedEntry(random, withReceipts)),
		};
		const model = buildReport(data, seed, seedReport, { approval: 'A_APPR', payment: 'P_PROC' }, true);
		addReport(data, model);
		addFisDocument(data, seed, 'expense', model.reportId, 0, model.processingPaymentDate as string);
		created.push(model);
	}
	return created;
}
