/** Parameters of the Concur IFS Reference Sync node (names are what workflow templates set). */
import type { INodeProperties } from 'n8n-workflow';

import { projectionNamesProperty } from '../shared/ifs/projections';
import { requestSettingsProperty } from '../shared/ifs/settings';
import { listIdParameter } from '../shared/concur/lists';
import { dashRuleOptions } from '../shared/descriptions';

const costCentersOnly = { show: { data: ['costCenters'] } };

/** Preview: the plan is output and nothing is written. */
export type PreviewMode = 'firstRun' | 'always' | 'off';

/** Default largest share of new values one run may create in an IFS company, in percent. */
export const DEFAULT_MAX_NEW_IFS_SHARE = 20;

const listShapeProperties: INodeProperties[] = [
	{
		displayName: 'Cost Center Level',
		name: 'costCenterLevel',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 1,
		description: 'The level of the Concur list that holds the cost centers: 1 for a simple list; in a connected list where level 1 holds the companies, 2',
		displayOptions: costCentersOnly,
	},
	{
		displayName: 'Company Level',
		name: 'companyLevel',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 9 },
		default: 0,
		description:
			'The level of a connected list that holds the IFS companies (matched through the company mapping below, or by equal codes); each cost center then belongs to the company above it. 0: no company level, the list is shared by all selected companies.',
		displayOptions: costCentersOnly,
	},
	{
		displayName: 'Company Mapping',
		name: 'companyMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Company',
		default: {},
		description: 'Which item of the company level stands for which IFS company. Items not listed match an IFS company with the same code; other items are left alone.',
		displayOptions: costCentersOnly,
		options: [
			{
				displayName: 'Company',
				name: 'rows',
				values: [
					{ displayName: 'Concur Code', name: 'concurCode', type: 'string', default: '', placeholder: 'US', description: 'Code of the company item in the Concur list' },
					{ displayName: 'IFS Company', name: 'ifsCompany', type: 'string', default: '', placeholder: '10' },
					{
						displayName: 'Concur Name',
						name: 'concurName',
						type: 'string',
						default: '',
						description: 'Name of the company item when it has to be created (Create Missing Company Items); default: its code',
					},
				],
			},
		],
	},
	{
		displayName: 'Dash Rule',
		name: 'dashRule',
		type: 'options',
		options: dashRuleOptions,
		default: 'substitute',
		description:
			'SAP Concur list codes cannot contain "-". Use the same rule in the Concur to IFS node. Two IFS codes that would become one Concur code are reported as conflicts and not synced.',
		displayOptions: costCentersOnly,
	},
	{
		displayName: 'Dash Substitute',
		name: 'dashSubstitute',
		type: 'string',
		default: '_',
		description: 'The character that stands for "-" in Concur codes. Empty: codes with "-" are conflicts.',
		displayOptions: { show: { data: ['costCenters'], dashRule: ['substitute'] } },
	},
	{
		displayName: 'Code Translations',
		name: 'codeTranslations',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Translation',
		default: {},
		description: 'Explicit IFS code ↔ Concur code pairs; they win over the dash rule in both directions (for example IFS K-100 ↔ Concur KX100)',
		displayOptions: costCentersOnly,
		options: [
			{
				displayName: 'Translation',
				name: 'rows',
				values: [
					{ displayName: 'IFS Code', name: 'ifsCode', type: 'string', default: '' },
					{ displayName: 'Concur Code', name: 'concurCode', type: 'string', default: '' },
				],
			},
		],
	},
];

export const referenceSyncProperties: INodeProperties[] = [
	{
		displayName:
			'Runs once per execution (input items are ignored), so it can be called from other workflows with Execute Workflow. IFS is read for the selected companies, Concur in full; then only the differences are written.',
		name: 'runNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Data',
		name: 'data',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Cost Centers', value: 'costCenters', description: 'IFS code part values ↔ items of a Concur list' },
			{ name: 'Vendors', value: 'vendors', description: 'IFS suppliers ↔ Concur Vendor v3.1 records' },
		],
		default: 'costCenters',
	},
	{
		...listIdParameter,
		displayName: 'Concur Cost Center List Name or ID',
		description:
			'The Concur list that holds the cost centers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: costCentersOnly,
	},
	{
		displayName: 'IFS Code Part',
		name: 'codePart',
		type: 'options',
		options: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((part) => ({ name: part === 'B' ? 'B (Cost Center by Default)' : part, value: part })),
		default: 'B',
		description: 'The accounting code part that holds cost centers in the selected companies',
		displayOptions: costCentersOnly,
	},
	...listShapeProperties,
	{
		displayName: 'Concur Address Code',
		name: 'addressCode',
		type: 'string',
		default: 'MAIN',
		description: 'Concur vendors are identified by Vendor Code (= IFS supplier ID) and Address Code; only records with this address code are synced',
		displayOptions: { show: { data: ['vendors'] } },
	},
	{
		displayName: 'Preview',
		name: 'preview',
		type: 'options',
		options: [
			{
				name: 'First Run Against a New List',
				value: 'firstRun',
				description: 'The first run for this list (or address code) and these companies writes nothing and outputs the plan; later runs write',
			},
			{ name: 'Always', value: 'always', description: 'Write nothing, output the plan' },
			{ name: 'Off', value: 'off', description: 'Write the plan' },
		],
		default: 'firstRun',
		description: 'A preview writes nothing and outputs every planned change (per system and company, with the reason), then the summary',
	},
	{
		displayName: 'Max Share of New IFS Values (%)',
		name: 'maxNewIfsShare',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: DEFAULT_MAX_NEW_IFS_SHARE,
		description:
			'A run that would create more than this share of an IFS company\'s values (new ÷ (existing + new)) stops with a message instead of writing anything; a preview lists it. 100: no limit.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Compare Country and Currency (Vendors)',
				name: 'compareCountryCurrency',
				type: 'boolean',
				default: false,
				description:
					"Whether a Concur vendor is also updated when its CountryCode or CurrencyCode differs from the IFS supplier's Country / invoicing Currency (IFS master only). Off: only the name is compared.",
			},
			{
				displayName: 'Create Concur-Born Records in IFS',
				name: 'createInIfs',
				type: 'boolean',
				default: false,
				description:
					'Whether codes that exist only in Concur are created in IFS, only in the companies they belong to: a cost center under a company item in that company (a shared list: every selected company), a vendor as a supplier with invoicing data in every selected company',
			},
			{
				displayName: 'Create Missing Company Items',
				name: 'createParents',
				type: 'boolean',
				default: false,
				description:
					'Whether a connected list that has no item for a selected IFS company (at the company level, level 1) gets one, so the cost centers can be created under it. Off: those cost centers are reported as conflicts.',
			},
			{
				displayName: 'Deactivate Blocked or Expired IFS Values in Concur',
				name: 'deactivateBlocked',
				type: 'boolean',
				default: true,
				description:
					'Whether a Concur cost center is deactivated (List v4 "deleted": Concur keeps the item) when its IFS value is blocked for posting or outside its validity window in every company it belongs to',
			},
			{
				displayName: 'Deactivate in Concur What IFS Does Not Have',
				name: 'deactivateInConcur',
				type: 'boolean',
				default: false,
				description:
					'Whether Concur records whose code IFS does not have (in the companies they belong to) are removed from use in Concur (list item deactivated, vendor deleted). Concur-born records are created in IFS instead when that option is on.',
			},
			{
				displayName: 'IFS Companies',
				name: 'companies',
				type: 'string',
				default: '',
				placeholder: '10, 20',
				description:
					"Comma-separated IFS companies to read (and to create Concur-born records in). Empty: the credential's default company. Companies outside the credential's allowed list are refused.",
			},
			{
				displayName: 'Master',
				name: 'master',
				type: 'options',
				options: [
					{ name: 'IFS Cloud', value: 'ifs', description: 'Names that differ are updated in Concur' },
					{ name: 'SAP Concur', value: 'concur', description: 'Names that differ are updated in IFS' },
				],
				default: 'ifs',
				description: 'Which system wins when a record exists on both sides with different names',
			},
		],
	},
	projectionNamesProperty,
	requestSettingsProperty,
];
