/**
 * Where the cost centers are in a Concur list, and which IFS company each belongs to. A flat list
 * holds them at level 1; a connected list at any level, optionally under a level that holds the
 * IFS companies (matched through the company mapping, or by equal codes). Pure: the items come in
 * as read, the sync scopes go out.
 */
import { concurKey } from '../../shared/code-rules';
import type { ListItem } from '../../shared/concur/lists';
import type { ConcurRecord, Placement, Scope } from './plan';

/** Concur allows at most ten levels. */
export const MAX_LIST_LEVELS = 10;

export interface CompanyMappingRow {
	/** Code of the company item in the Concur list. */
	concurCode: string;
	ifsCompany: string;
	/** Name for the company item when it has to be created (default: its code). */
	concurName?: string;
}

export interface ListShape {
	/** Level that holds the cost centers (1 = first level). */
	costCenterLevel: number;
	/** Level that holds the IFS companies; 0 = none (the list is shared by all selected companies). */
	companyLevel: number;
	companyMapping: CompanyMappingRow[];
	/** Create a missing company item (only when the cost centers sit right below the company level). */
	createParents: boolean;
}

/** Why the shape cannot work, or undefined. */
export function listShapeProblem(shape: ListShape): string | undefined {
	const { costCenterLevel, companyLevel } = shape;
	if (!Number.isInteger(costCenterLevel) || costCenterLevel < 1 || costCenterLevel > MAX_LIST_LEVELS) return `The cost-center level must be a whole number from 1 to ${MAX_LIST_LEVELS}.`;
	if (!Number.isInteger(companyLevel) || companyLevel < 0 || companyLevel >= costCenterLevel) return 'The company level must be 0 (none) or a level above the cost-center level.';
	const duplicate = shape.companyMapping.find((row, index) => shape.companyMapping.findIndex((other) => concurKey(other.concurCode) === concurKey(row.concurCode)) !== index);
	if (duplicate) return `The company mapping names Concur code "${duplicate.concurCode}" twice.`;
	return undefined;
}

/** The selected IFS company a company item stands for: its mapping row, else a selected company with the same code. */
export function companyOfItem(shape: ListShape, concurCode: string, selected: readonly string[]): string | undefined {
	const row = shape.companyMapping.find((candidate) => concurKey(candidate.concurCode) === concurKey(concurCode));
	const company = row ? row.ifsCompany.trim() : selected.find((candidate) => concurKey(candidate) === concurKey(concurCode));
	return company !== undefined && selected.includes(company) ? company : undefined;
}

/** Whether the reader must fetch an item's children: it lies above the cost-center level and, at the company level, belongs to a selected company. */
export function descendInto(shape: ListShape, item: ListItem, selected: readonly string[]): boolean {
	if (item.isDeleted || item.level >= shape.costCenterLevel) return false;
	return item.level !== shape.companyLevel || companyOfItem(shape, item.shortCode, selected) !== undefined;
}

export interface ListScopes {
	scopes: Scope[];
	/** Company items of no selected IFS company (codes): their cost centers are left alone. */
	otherCompanyItems: string[];
}

const record = (item: ListItem): ConcurRecord => ({ code: item.shortCode, name: item.value, id: item.id, longCode: item.code, deleted: item.isDeleted });

/** The one parent new items can go under among `candidates`, or why there is none. */
function singleParent(candidates: ListItem[], level: number, where: string): Placement {
	if (candidates.length === 1) return { kind: 'under', parentCode: candidates[0].code };
	const found = candidates.length ? `${candidates.length} items (${candidates.slice(0, 5).map((item) => item.code).join(', ')}${candidates.length > 5 ? ', …' : ''})` : 'no item';
	return { kind: 'none', reason: `the list has ${found} at level ${level}${where}, so it is not clear which parent a new cost center goes under; add it in Concur.` };
}

/** Splits the items read from a list into sync scopes, per IFS company when the list has a company level. */
export function listScopes(items: ListItem[], shape: ListShape, selected: string[]): ListScopes {
	const byId = new Map(items.map((item) => [item.id, item]));
	const ancestorAt = (item: ListItem, level: number): ListItem | undefined => {
		let current: ListItem | undefined = item;
		while (current && current.level > level) current = current.parentId ? byId.get(current.parentId) : undefined;
		return current?.level === level ? current : undefined;
	};
	const costCenters = items.filter((item) => item.level === shape.costCenterLevel);
	const parentLevel = shape.costCenterLevel - 1;
	const live = (level: number) => items.filter((item) => item.level === level && !item.isDeleted);
	if (shape.companyLevel === 0) {
		const placement: Placement = parentLevel === 0 ? { kind: 'root' } : singleParent(live(parentLevel), parentLevel, '');
		return { scopes: [{ companies: selected, concur: costCenters.map(record), placement }], otherCompanyItems: [] };
	}
	const companyItems = live(shape.companyLevel);
	const otherCompanyItems = companyItems.filter((item) => companyOfItem(shape, item.shortCode, selected) === undefined).map((item) => item.code);
	const scopes = selected.map((company): Scope => {
		const own = companyItems.filter((item) => companyOfItem(shape, item.shortCode, selected) === company);
		const ownIds = new Set(own.map((item) => item.id));
		const concur = costCenters.filter((item) => ownIds.has(ancestorAt(item, shape.companyLevel)?.id ?? '')).map(record);
		return { companies: [company], concur, placement: companyPlacement(shape, company, own, live(parentLevel), ancestorAt), label: own[0]?.code };
	});
	return { scopes, otherCompanyItems };
}

function companyPlacement(shape: ListShape, company: string, own: ListItem[], parents: ListItem[], ancestorAt: (item: ListItem, level: number) => ListItem | undefined): Placement {
	const row = shape.companyMapping.find((candidate) => candidate.ifsCompany.trim() === company);
	const concurCode = row?.concurCode.trim() || company;
	if (own.length > 1) return { kind: 'none', reason: `more than one item at level ${shape.companyLevel} stands for IFS company ${company} (${own.map((item) => item.code).join(', ')}).` };
	if (own.length === 0) {
		const missing = `the list has no item for IFS company ${company} at level ${shape.companyLevel} (expected code "${concurCode}")`;
		if (!shape.createParents) return { kind: 'none', reason: `${missing}; add it in Concur or switch on *Create Missing Company Items*.` };
		if (shape.companyLevel === 1) return { kind: 'create-parent', parent: { shortCode: concurCode, value: row?.concurName?.trim() || concurCode, parentCode: '', company } };
		return { kind: 'none', reason: `${missing}, and it can only be created at level 1.` };
	}
	const companyItem = own[0];
	if (shape.costCenterLevel === shape.companyLevel + 1) return { kind: 'under', parentCode: companyItem.code };
	const level = shape.costCenterLevel - 1;
	return singleParent(parents.filter((item) => ancestorAt(item, shape.companyLevel)?.id === companyItem.id), level, ` under ${companyItem.code}`);
}
