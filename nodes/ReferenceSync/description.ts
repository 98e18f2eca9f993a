/** Parameters of the Concur IFS Reference Sync node (names are what workflow templates set). */
import type { INodeProperties } from 'n8n-workflow';

import { projectionNamesProperty } from '../shared/ifs/projections';
import { requestSettingsProperty } from '../shared/ifs/settings';
import { listIdParameter } from '../shared/concur/lists';

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
		displayOptions: { show: { data: ['costCenters'] } },
	},
	{
		displayName: 'IFS Code Part',
		name: 'codePart',
		type: 'options',
		options: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((part) => ({ name: part === 'B' ? 'B (Cost Center by Default)' : part, value: part })),
		default: 'B',
		description: 'The accounting code part that holds cost centers in the selected companies',
		displayOptions: { show: { data: ['costCenters'] } },
	},
	{
		displayName: 'Concur Address Code',
		name: 'addressCode',
		type: 'string',
		default: 'MAIN',
		description: 'Concur vendors are identified by Vendor Code (= IFS supplier ID) and Address Code; only records with this address code are synced',
		displayOptions: { show: { data: ['vendors'] } },
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
					'Whether codes that exist only in Concur are created in IFS: a cost center as a code part value in every selected company (description = Concur name), a vendor as a supplier with invoicing data in every selected company',
			},
			{
				displayName: 'Dash Substitute',
				name: 'dashSubstitute',
				type: 'string',
				default: '_',
				description:
					'Concur list codes cannot contain "-": IFS CC-400 is kept as CC_400 in Concur and read back as CC-400. IFS codes that already contain the substitute cannot round-trip and are reported as conflicts. Empty: codes with "-" are conflicts.',
			},
			{
				displayName: 'Deactivate in Concur What IFS No Longer Has or Has Blocked',
				name: 'deactivateInConcur',
				type: 'boolean',
				default: false,
				description:
					'Whether Concur records whose code IFS does not have (in the selected companies) or has blocked / expired are removed from Concur (list item deleted, vendor deleted). Concur-born records are created in IFS instead when that option is on.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only plan: the outputs list what would change, nothing is written',
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
