/**
 * The usual set-up when one Concur company serves several legal entities: a connected cost-center
 * list whose level 1 holds the companies and level 2 their cost centers, plus the third IFS
 * company it needs. Level-1 codes differ from IFS company codes (a company mapping joins them),
 * and one level-1 item belongs to no IFS company at all.
 */

/** An IFS company the default service user is not allowed to see; tests that need it allow it. */
export const ukCompany = { company: '30', name: 'Northwind UK Ltd.', currency: 'GBP', site: 'GB02' } as const;

/** Code part B values of company 30: one with "-", one expired, one not yet valid. */
export const ukCostCenters = [
	{ code: 'AC-100', description: 'Key accounts', validFrom: '2020-01-01', validUntil: '2049-12-31' },
	{ code: 'CC100', description: 'Sales UK', validFrom: '2020-01-01', validUntil: '2049-12-31' },
	{ code: 'CC950', description: 'Closed UK office', validFrom: '2020-01-01', validUntil: '2025-12-31' },
	{ code: 'CC960', description: 'Opens next year', validFrom: '2027-01-01', validUntil: '2049-12-31' },
] as const;

export interface ConnectedItem {
	id: string;
	shortCode: string;
	value: string;
}

export const connectedCostCenterList = {
	listId: '5d1c7a3e-9b2f-4e61-8a4d-2f7c9e1b3a50',
	name: 'Cost Centers by Company',
	levelCount: 2,
	companies: [
		{
			id: '6e2d8b4f-0c3a-4f72-9b5e-3a8d0f2c4b61',
			shortCode: 'US',
			value: 'Northwind US',
			children: [
				{ id: '7f3e9c50-1d4b-4083-8c6f-4b9e1a3d5c72', shortCode: 'CC100', value: 'Sales' },
				{ id: '80a4ad61-2e5c-4194-9d70-5cafb24e6d83', shortCode: 'CC200', value: 'Engineering' },
				{ id: '91b5be72-3f6d-42a5-ae81-6db0c35f7e94', shortCode: 'CC300', value: 'Marketing (old name)' },
				{ id: 'a2c6cf83-4071-43b6-bf92-7ec1d4608fa5', shortCode: 'CC510', value: 'Only in Concur: US events' },
			],
		},
		{
			id: 'b3d7d094-5182-44c7-8003-8fd2e5719ab6',
			shortCode: 'EU',
			value: 'Northwind Europe',
			children: [
				{ id: 'c4e8e1a5-6293-45d8-9114-90e3f682abc7', shortCode: 'CC100', value: 'Sales' },
				{ id: 'd5f9f2b6-73a4-46e9-a225-a1f4079bbcd8', shortCode: 'CC400', value: 'Shared services' },
				{ id: 'e60a03c7-84b5-47fa-b336-b2051a8ccde9', shortCode: 'CC520', value: 'Only in Concur: EU fairs' },
			],
		},
		{
			id: 'f71b14d8-95c6-480b-8447-c3162b9ddefa',
			shortCode: 'UK',
			value: 'Northwind UK',
			children: [
				{ id: '082c25e9-a6d7-491c-9558-d4273caeef0b', shortCode: 'AC200', value: 'Only in Concur: UK partners' },
				{ id: '193d36fa-b7e8-4a2d-a669-e5384dbff01c', shortCode: 'CC950', value: 'Closed UK office' },
			],
		},
		{
			id: '2a4e470b-c8f9-4b3e-b77a-f6495ec0012d',
			shortCode: 'XX',
			value: 'Dormant entity',
			children: [{ id: '3b5f581c-d90a-4c4f-8880-075a6fd1123e', shortCode: 'XX1', value: 'Belongs to no IFS company' }],
		},
	],
};

/** Concur level-1 code → IFS company: what a user enters as the sync's company mapping. */
export const connectedCompanyMapping = [
	{ concurCode: 'US', ifsCompany: '10' },
	{ concurCode: 'EU', ifsCompany: '20' },
	{ concurCode: 'UK', ifsCompany: '30' },
] as const;

/**
 * What a two-way sync of this list must do with the company mapping above, the drop rule and
 * Concur-born creation on (and the defaults otherwise), as `system action parent/code@company reason`.
 */
export const connectedTwoWayChanges = [
	'concur created-in-concur EU/CC200@20 missing-in-concur',
	'concur created-in-concur EU/CC300@20 missing-in-concur',
	'concur created-in-concur UK/AC100@30 missing-in-concur',
	'concur created-in-concur UK/CC100@30 missing-in-concur',
	'concur created-in-concur US/CC400@10 missing-in-concur',
	'concur created-in-concur US/CC800@10 missing-in-concur',
	'concur deactivated-in-concur /CC950@30 outside-validity',
	'concur updated-in-concur /CC300@10 differs-in-concur',
	'ifs created-in-ifs /AC200@30 concur-born',
	'ifs created-in-ifs /CC510@10 concur-born',
	'ifs created-in-ifs /CC520@20 concur-born',
];

/** The list afterwards: company code → { cost center code → name, deactivated ones marked }. */
export const connectedTreeAfterTwoWaySync = {
	US: { CC100: 'Sales', CC200: 'Engineering', CC300: 'Marketing', CC400: 'Shared services', CC510: 'Only in Concur: US events', CC800: 'Only in IFS: Logistics' },
	EU: { CC100: 'Sales', CC200: 'Engineering', CC300: 'Marketing', CC400: 'Shared services', CC520: 'Only in Concur: EU fairs' },
	UK: { AC100: 'Key accounts', AC200: 'Only in Concur: UK partners', CC100: 'Sales UK', CC950: 'Closed UK office (deactivated)' },
	XX: { XX1: 'Belongs to no IFS company' },
};

/** One change item of the sync's output in the notation above. */
export function describeChange(change: Record<string, unknown>): string {
	return `${String(change.system)} ${String(change.action)} ${String(change.parentCode ?? '')}/${String(change.concurCode)}@${String(change.company ?? '')} ${String(change.reason)}`;
}

interface TreeItem {
	id: string;
	listId: string;
	shortCode: string;
	value: string;
	isDeleted: boolean;
	parentId: string | null;
	level: number;
}

/** The connected list in the Concur simulator as a tree (see `connectedTreeAfterTwoWaySync`). */
export function connectedTree(listItems: TreeItem[]): Record<string, Record<string, string>> {
	const items = listItems.filter((item) => item.listId === connectedCostCenterList.listId);
	return Object.fromEntries(
		items
			.filter((item) => item.level === 1 && !item.isDeleted)
			.map((company) => [company.shortCode, Object.fromEntries(items.filter((item) => item.parentId === company.id).map((item) => [item.shortCode, `${item.value}${item.isDeleted ? ' (deactivated)' : ''}`]))]),
	);
}
