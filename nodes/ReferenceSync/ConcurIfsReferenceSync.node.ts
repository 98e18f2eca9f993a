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
import { openConnection } from '../shared/ifs/connection';
import { getLists } from '../shared/concur/lists';
import { planSync, type Master, type PlanInput, type PlanOptions, type SyncData, type SyncPlan } from './core/plan';
import { referenceSyncProperties } from './description';
import { readConcurListItems, readConcurVendors, readIfsCostCenters, readIfsSuppliers } from './read';
import { applyPlan, asNodeError, plannedChanges, type Change, type Failure, type Outcome, type SyncTarget } from './write';
import { allSettledOrThrow } from '../shared/concurrency';

export class ConcurIfsReferenceSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur IFS Reference Sync',
		name: 'concurIfsReferenceSync',
		icon: { light: 'file:referenceSync.svg', dark: 'file:referenceSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["data"] === "vendors" ? "Vendors ↔ suppliers" : "Cost centers" }}',
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
		// Runs once per execution, whatever the input: parameters are read for the first item.
		const data = this.getNodeParameter('data', 0) as SyncData;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const dryRun = options.dryRun === true;
		const dashSubstitute = typeof options.dashSubstitute === 'string' ? options.dashSubstitute : '_';
		if (dashSubstitute.includes('-')) {
			throw new NodeOperationError(this.getNode(), `The dash substitute "${dashSubstitute}" contains "-", which SAP Concur list codes cannot hold.`, {
				description: 'Choose another character, for example "_".',
			});
		}
		const planOptions: PlanOptions = {
			master: (options.master as Master | undefined) ?? 'ifs',
			createInIfs: options.createInIfs === true,
			deactivateInConcur: options.deactivateInConcur === true,
			dashSubstitute,
			compareCountryCurrency: options.compareCountryCurrency === true,
		};

		const connection = await openConnection(this);
		const companies = selectedCompanies.call(this, connection.scope, String(options.companies ?? ''));
		const target: SyncTarget = {
			data,
			listId: data === 'costCenters' ? String(this.getNodeParameter('listId', 0, '')).trim() : '',
			codePart: data === 'costCenters' ? String(this.getNodeParameter('codePart', 0, 'B')) : 'B',
			addressCode: data === 'vendors' ? String(this.getNodeParameter('addressCode', 0, 'MAIN')).trim() : '',
		};
		if (data === 'costCenters' && !target.listId) throw new NodeOperationError(this.getNode(), 'Choose the Concur list that holds the cost centers.');
		if (data === 'vendors' && !target.addressCode) throw new NodeOperationError(this.getNode(), 'Set the Concur address code vendors are kept under (for example MAIN).');

		const extra: IDataObject = {};
		let input: PlanInput;
		if (data === 'costCenters') {
			const today = DateTime.utc().toISODate() ?? '';
			const [ifs, concur] = await allSettledOrThrow([
				readIfsCostCenters(connection, companies, target.codePart, today),
				readConcurListItems.call(this, target.listId),
			]);
			input = { data, companies, ifs, concur };
		} else {
			const [ifs, concur] = await allSettledOrThrow([readIfsSuppliers(connection, companies), readConcurVendors.call(this, target.addressCode)]);
			input = { data, companies, ifs: ifs.rows, ifsKnownCodes: ifs.knownCodes, concur: concur.inScope };
			extra.otherAddressCodes = concur.otherAddressCodes;
		}

		let plan: SyncPlan;
		try {
			plan = planSync(input, planOptions);
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
		const outcome: Outcome = dryRun ? { changes: plannedChanges(plan, data), failures: [] } : await applyPlan.call(this, plan, target, connection);
		return outputs(plan, outcome, { data, dryRun, companies, target, extra });
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

interface RunInfo {
	data: SyncData;
	dryRun: boolean;
	companies: string[];
	target: SyncTarget;
	extra: IDataObject;
}

/** Output 0 "Changes": one item per applied (or, in a dry run, planned) change, then the summary; output 1 "Failed". */
function outputs(plan: SyncPlan, outcome: Outcome, run: RunInfo): INodeExecutionData[][] {
	const item = (json: IDataObject): INodeExecutionData => ({ json, pairedItem: { item: 0 } });
	const count = (action: Change['action']) => outcome.changes.filter((change) => change.action === action).length;
	const changes = outcome.changes.map((change) => item({ ...compact(change), dryRun: run.dryRun }));
	const failed = [
		...outcome.failures.map((failure: Failure) => item({ ...compact(failure), kind: 'failed', dryRun: run.dryRun })),
		...plan.conflicts.map((conflict) => item({ data: run.data, ...compact(conflict), action: 'conflict', kind: 'conflict', dryRun: run.dryRun })),
	];
	const summary = {
		createdInConcur: count('created-in-concur'),
		updatedInConcur: count('updated-in-concur'),
		deactivatedInConcur: count('deactivated-in-concur'),
		createdInIfs: count('created-in-ifs'),
		updatedInIfs: count('updated-in-ifs'),
		unchanged: plan.unchanged,
		conflicts: plan.conflicts.length,
		failed: outcome.failures.length,
		blockedInIfs: plan.blockedInIfs,
		onlyInConcur: plan.onlyInConcur,
		notInSelectedCompanies: plan.notInSelectedCompanies,
		...run.extra,
	};
	const scope = run.data === 'costCenters' ? { listId: run.target.listId, codePart: run.target.codePart } : { addressCode: run.target.addressCode };
	changes.push(item({ summary, data: run.data, dryRun: run.dryRun, companies: run.companies, ...scope }));
	return [changes, failed];
}

function compact<T extends object>(value: T): IDataObject {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as IDataObject;
}
