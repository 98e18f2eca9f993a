/** The node's parameters as one checked settings object (a wrong setting stops the run before anything is read). */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { codeRuleProblem, type CodeRule, type DashRule } from '../shared/code-rules';
import { listShapeProblem, type ListShape } from './core/list-shape';
import type { Master, PlanOptions, SyncData } from './core/plan';
import { DEFAULT_MAX_NEW_IFS_SHARE, type PreviewMode } from './description';

export interface SyncSettings {
	data: SyncData;
	listId: string;
	codePart: string;
	addressCode: string;
	shape: ListShape;
	rule: CodeRule;
	preview: PreviewMode;
	/** Percent. */
	maxNewIfsShare: number;
	planOptions: PlanOptions;
	/** Comma-separated IFS companies as entered (empty: the credential's default). */
	companies: string;
}

const trimmed = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function rows(parameter: unknown): IDataObject[] {
	const value = (parameter as { rows?: IDataObject[] } | undefined)?.rows;
	return Array.isArray(value) ? value : [];
}

function readShape(context: IExecuteFunctions, options: IDataObject): ListShape {
	return {
		costCenterLevel: Number(context.getNodeParameter('costCenterLevel', 0, 1)),
		companyLevel: Number(context.getNodeParameter('companyLevel', 0, 0)),
		companyMapping: rows(context.getNodeParameter('companyMapping', 0, {}))
			.map((row) => ({ concurCode: trimmed(row.concurCode), ifsCompany: trimmed(row.ifsCompany), concurName: trimmed(row.concurName) || undefined }))
			.filter((row) => row.concurCode || row.ifsCompany),
		createParents: options.createParents === true,
	};
}

function readRule(context: IExecuteFunctions): CodeRule {
	return {
		dashRule: context.getNodeParameter('dashRule', 0, 'substitute') as DashRule,
		substitute: String(context.getNodeParameter('dashSubstitute', 0, '_') ?? ''),
		table: rows(context.getNodeParameter('codeTranslations', 0, {}))
			.map((row) => ({ ifsCode: trimmed(row.ifsCode), concurCode: trimmed(row.concurCode) }))
			.filter((row) => row.ifsCode || row.concurCode),
	};
}

export function readSettings(context: IExecuteFunctions): SyncSettings {
	// Runs once per execution, whatever the input: parameters are read for the first item.
	const data = context.getNodeParameter('data', 0) as SyncData;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const costCenters = data === 'costCenters';
	const settings: SyncSettings = {
		data,
		listId: costCenters ? trimmed(context.getNodeParameter('listId', 0, '')) : '',
		codePart: costCenters ? String(context.getNodeParameter('codePart', 0, 'B')) : 'B',
		addressCode: costCenters ? '' : trimmed(context.getNodeParameter('addressCode', 0, 'MAIN')),
		shape: costCenters ? readShape(context, options) : { costCenterLevel: 1, companyLevel: 0, companyMapping: [], createParents: false },
		rule: costCenters ? readRule(context) : { dashRule: 'substitute', substitute: '', table: [] },
		preview: context.getNodeParameter('preview', 0, 'firstRun') as PreviewMode,
		maxNewIfsShare: Number(context.getNodeParameter('maxNewIfsShare', 0, DEFAULT_MAX_NEW_IFS_SHARE)),
		planOptions: {
			master: (options.master as Master | undefined) ?? 'ifs',
			createInIfs: options.createInIfs === true,
			deactivateInConcur: options.deactivateInConcur === true,
			deactivateBlocked: options.deactivateBlocked !== false,
			compareCountryCurrency: options.compareCountryCurrency === true,
		},
		companies: trimmed(options.companies),
	};
	const problem = settingsProblem(settings);
	if (problem) throw new NodeOperationError(context.getNode(), problem, { description: 'Correct the setting and run again; nothing was read or written.' });
	return settings;
}

function settingsProblem(settings: SyncSettings): string | undefined {
	if (!Number.isFinite(settings.maxNewIfsShare) || settings.maxNewIfsShare < 0 || settings.maxNewIfsShare > 100) return 'The maximum share of new IFS values must be a percentage from 0 to 100.';
	if (settings.data === 'vendors') return settings.addressCode ? undefined : 'Set the Concur address code vendors are kept under (for example MAIN).';
	if (!settings.listId) return 'Choose the Concur list that holds the cost centers.';
	return listShapeProblem(settings.shape) ?? codeRuleProblem(settings.rule)?.message;
}
