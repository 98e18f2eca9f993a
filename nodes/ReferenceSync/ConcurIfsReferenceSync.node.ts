import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resolveCompany, type CompanyScope } from '../shared/ifs/company';
import { openConnection, type IfsConnection } from '../shared/ifs/connection';
import { getLists } from '../shared/concur/lists';
import { listScopes } from './core/list-shape';
import { excessiveNewValues, planCostCenters, planVendors, type IfsRow, type NewValueShare, type SyncPlan } from './core/plan';
import { allSettledOrThrow } from '../shared/concurrency';
import { referenceSyncProperties } from './description';
import { readConcurListItems, readConcurVendors, readIfsCostCenters, readIfsSuppliers } from './read';
import { readSettings, type SyncSettings } from './settings';
import { applyPlan, asNodeError, plannedChanges, type Change, type Failure, type Outcome } from './write';
import { readmeSection } from '../shared/descriptions';

export class ConcurIfsReferenceSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur IFS Reference Sync',
		name: 'concurIfsReferenceSync',
		icon: { light: 'file:referenceSync.svg', dark: 'file:referenceSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["data"] === "vendors" ? "Vendors ↔ suppliers" : "Cost centers" }}',
		documentationUrl: readmeSection('concur-ifs-reference-sync-node'),
		description:
			'Aligns cost centers and vendors between IFS Cloud and SAP Concur in both directions (IFS is the master by default) before expenses and invoices are posted',
		defaults: { name: 'Concur IFS Reference Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Changes' },
			{ type: NodeConnectionTypes.Main, displayName: 'Failed' },
		],
		credentials: [
			{ name: 'sapConcurOAuth2Api', required: true },
			{ name: 'ifsCloudOAuth2Api', required: true },
		],
		properties: referenceSyncProperties,
	};

	methods = { loadOptions: { getLists } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const settings = readSettings(this);
		const connection = await openConnection(this);
		const companies = selectedCompanies.call(this, connection.scope, settings.companies);
		const planned = settings.data === 'costCenters' ? await planCostCenterSync.call(this, settings, connection, companies) : await planVendorSync.call(this, settings, connection, companies);
		const excessive = excessiveNewValues(planned.plan, planned.ifs, settings.maxNewIfsShare);
		const previewReason = await previewReasonFor.call(this, settings, companies);
		if (!previewReason && excessive.length) throw tooManyNewValues(this, settings, excessive);
		const outcome: Outcome = previewReason ? { changes: plannedChanges(planned.plan, settings.data), failures: [] } : await applyPlan.call(this, planned.plan, settings, connection);
		return outputs(planned.plan, outcome, { settings, companies, previewReason, excessive, extra: planned.extra });
	}
}

interface Planned {
	plan: SyncPlan;
	/** The IFS rows read (the base of the new-value share). */
	ifs: IfsRow[];
	extra: IDataObject;
}

async function planCostCenterSync(this: IExecuteFunctions, settings: SyncSettings, connection: IfsConnection, companies: string[]): Promise<Planned> {
	const today = DateTime.utc().toISODate() ?? '';
	const [ifs, items] = await allSettledOrThrow([
		readIfsCostCenters(connection, companies, settings.codePart, today),
		readConcurListItems.call(this, settings.listId, settings.shape, companies),
	]);
	const { scopes, otherCompanyItems } = listScopes(items, settings.shape, companies);
	const plan = planOrFail(this, () => planCostCenters({ companies, ifs, scopes, rule: settings.rule, notInSelectedCompanies: 0 }, settings.planOptions));
	return { plan, ifs, extra: otherCompanyItems.length ? { otherCompanyItems } : {} };
}

async function planVendorSync(this: IExecuteFunctions, settings: SyncSettings, connection: IfsConnection, companies: string[]): Promise<Planned> {
	const [ifs, concur] = await allSettledOrThrow([readIfsSuppliers(connection, companies), readConcurVendors.call(this, settings.addressCode)]);
	const plan = planOrFail(this, () => planVendors({ companies, ifs: ifs.rows, ifsKnownCodes: ifs.knownCodes, concur: concur.inScope }, settings.planOptions));
	return { plan, ifs: ifs.rows, extra: { otherAddressCodes: concur.otherAddressCodes } };
}

function planOrFail(context: IExecuteFunctions, plan: () => SyncPlan): SyncPlan {
	try {
		return plan();
	} catch (error) {
		throw asNodeError(context.getNode(), error);
	}
}

function selectedCompanies(this: IExecuteFunctions, scope: CompanyScope, requested: string): string[] {
	const names = requested
		.split(',')
		.map((company) => company.trim())
		.filter(Boolean);
	try {
		const companies = (names.length ? names : ['']).map((company) => resolveCompany(scope, company));
		return [...new Set(companies)];
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error, { description: "Use companies listed in the IFS credential's allowed companies." });
	}
}

/**
 * Why this run only previews, or undefined when it writes. "First run" is remembered by n8n's
 * processed-data store (per workflow and node, kept in n8n's database in every execution mode).
 */
async function previewReasonFor(this: IExecuteFunctions, settings: SyncSettings, companies: string[]): Promise<string | undefined> {
	if (settings.preview === 'always') return 'Preview is on.';
	if (settings.preview === 'off') return undefined;
	const target =
		settings.data === 'costCenters'
			? `costCenters|${settings.listId}|${settings.codePart}|${settings.shape.costCenterLevel}/${settings.shape.companyLevel}`
			: `vendors|${settings.addressCode.toLowerCase()}`;
	const key = `${target}|${[...companies].sort().join(',')}`;
	const { new: fresh } = await this.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries' });
	if (!fresh.length) return undefined;
	const what = settings.data === 'costCenters' ? `list ${settings.listId}` : `address code ${settings.addressCode}`;
	return `First run against ${what} for companies ${companies.join(', ')}: nothing was written. Check the plan; the next run writes it (or set Preview to Off).`;
}

function tooManyNewValues(context: IExecuteFunctions, settings: SyncSettings, excessive: NewValueShare[]): NodeOperationError {
	const what = settings.data === 'costCenters' ? `code part ${settings.codePart} values` : 'suppliers';
	const details = excessive.map((share) => `${share.created} new ${what} in IFS company ${share.company} (${share.percent.toFixed(1)} % of the ${share.existing + share.created} it would then hold)`).join('; ');
	return new NodeOperationError(context.getNode(), `Stopped before writing anything: the plan would create ${details}; the limit is ${settings.maxNewIfsShare} %.`, {
		description:
			'Nothing was written to IFS or Concur. Run with Preview set to Always to see the plan and check the list levels and company mapping; if these values really are new, raise Max Share of New IFS Values.',
	});
}

interface RunInfo {
	settings: SyncSettings;
	companies: string[];
	previewReason: string | undefined;
	excessive: NewValueShare[];
	extra: IDataObject;
}

const COUNTED: Array<[Change['action'], string]> = [
	['created-in-concur', 'createdInConcur'],
	['updated-in-concur', 'updatedInConcur'],
	['deactivated-in-concur', 'deactivatedInConcur'],
	['created-in-ifs', 'createdInIfs'],
	['updated-in-ifs', 'updatedInIfs'],
];

function counts(changes: Change[]): IDataObject {
	return Object.fromEntries(COUNTED.map(([action, name]) => [name, changes.filter((change) => change.action === action).length]));
}

/** Per IFS company: what was (or, in a preview, would be) written. */
function byCompany(changes: Change[]): IDataObject {
	const companies = [...new Set(changes.map((change) => change.company ?? ''))].sort();
	return Object.fromEntries(companies.map((company) => [company || '(all)', counts(changes.filter((change) => (change.company ?? '') === company))]));
}

/** Output 0 "Changes": one item per applied (or, in a preview, planned) change, then the summary; output 1 "Failed". */
function outputs(plan: SyncPlan, outcome: Outcome, run: RunInfo): INodeExecutionData[][] {
	const item = (json: IDataObject): INodeExecutionData => ({ json, pairedItem: { item: 0 } });
	const preview = run.previewReason !== undefined;
	const { data } = run.settings;
	const changes = outcome.changes.map((change) => item({ ...compact(change), preview }));
	const failed = [
		...outcome.failures.map((failure: Failure) => item({ ...compact(failure), kind: 'failed', preview })),
		...plan.conflicts.map((conflict) => item({ data, ...compact(conflict), action: 'conflict', kind: 'conflict', preview })),
	];
	const summary = {
		...counts(outcome.changes),
		unchanged: plan.unchanged,
		conflicts: plan.conflicts.length,
		failed: outcome.failures.length,
		blockedInIfs: plan.blockedInIfs,
		onlyInConcur: plan.onlyInConcur,
		notInSelectedCompanies: plan.notInSelectedCompanies,
		byCompany: byCompany(outcome.changes),
		...run.extra,
	};
	const scope = data === 'costCenters' ? { listId: run.settings.listId, codePart: run.settings.codePart } : { addressCode: run.settings.addressCode };
	const guard = run.excessive.length ? { excessiveNewIfsValues: run.excessive as unknown as IDataObject[] } : {};
	changes.push(item({ summary, data, preview, ...(preview ? { previewReason: run.previewReason } : {}), ...guard, companies: run.companies, ...scope }));
	return [changes, failed];
}

function compact<T extends object>(value: T): IDataObject {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as IDataObject;
}
