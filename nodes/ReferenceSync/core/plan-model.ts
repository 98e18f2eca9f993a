/** The reference-data sync plan's records and writes (see plan.ts for the rules). */
import type { CodeRule } from '../../shared/code-rules';

export type SyncData = 'costCenters' | 'vendors';
export type Master = 'ifs' | 'concur';

/** Why an IFS value may not be used today. */
export type InactiveReason = 'blocked-in-ifs' | 'outside-validity';

/** One IFS record in one company: a code part value, or a supplier's invoicing data joined with its general data. */
export interface IfsRow {
	/** CodePartValue / SupplierId. */
	code: string;
	company: string;
	/** Description / supplier Name. */
	name: string;
	/** False when blocked for posting or outside its validity dates. */
	active: boolean;
	inactiveReason?: InactiveReason;
	/** Vendors: the supplier's Country. */
	country?: string;
	/** Vendors: the supplier's invoicing Currency in this company. */
	currency?: string;
}

export interface ConcurRecord {
	/** List item shortCode / VendorCode. */
	code: string;
	/** List item value / VendorName. */
	name: string;
	/** List item id / vendor ID. */
	id?: string;
	/** List item long code (the key bulk updates use). */
	longCode?: string;
	/** List items: deactivated (List v4 `isDeleted`). */
	deleted?: boolean;
	countryCode?: string;
	currencyCode?: string;
	/** The record as Concur returned it (vendor updates resend it). */
	raw?: Record<string, unknown>;
}

/** Where new Concur items of a scope go. */
export type Placement =
	| { kind: 'root' }
	| { kind: 'under'; parentCode: string }
	/** The parent (a company item) is missing and may be created first. */
	| { kind: 'create-parent'; parent: ParentCreate }
	| { kind: 'none'; reason: string };

export interface Scope {
	/** IFS companies whose values belong here, in priority order. */
	companies: string[];
	/** Concur records of the scope (list items at the cost-center level, live and deactivated; or vendors). */
	concur: ConcurRecord[];
	placement: Placement;
	/** Concur company item code, for messages. */
	label?: string;
}

export interface CostCenterInput {
	/** Selected IFS companies, in priority order (the first one's name wins when they differ). */
	companies: string[];
	ifs: IfsRow[];
	scopes: Scope[];
	rule: CodeRule;
	/** Concur items at the cost-center level that belong to no selected company: left alone. */
	notInSelectedCompanies: number;
}

export interface VendorInput {
	companies: string[];
	ifs: IfsRow[];
	/** Every supplier id IFS has; a Concur vendor known here but not in `ifs` is out of scope, not Concur-born. */
	ifsKnownCodes: string[];
	concur: ConcurRecord[];
}

export interface PlanOptions {
	master: Master;
	createInIfs: boolean;
	/** Concur-born records (IFS does not have the code) are deactivated in Concur. */
	deactivateInConcur: boolean;
	/** Concur items whose IFS value is blocked or outside its validity window are deactivated. */
	deactivateBlocked: boolean;
	/** Vendors, IFS master: also update Concur when CountryCode / CurrencyCode differ from IFS. */
	compareCountryCurrency?: boolean;
}

export interface ParentCreate {
	shortCode: string;
	value: string;
	/** Long code of the parent's own parent ('' = first level). */
	parentCode: string;
	company: string;
}

export interface ConcurCreate {
	/** IFS code. */
	code: string;
	concurCode: string;
	name: string;
	/** The IFS company the name (and currency) came from. */
	company: string;
	/** Long code of the parent item; undefined for first-level items and vendors. */
	parentCode?: string;
	countryCode?: string;
	currencyCode?: string;
}

export interface ConcurUpdate extends ConcurCreate {
	concurId?: string;
	longCode?: string;
	previousName: string;
	/** Fields that differ: name, countryCode, currencyCode. */
	changed: string[];
	existing?: Record<string, unknown>;
}

export interface ConcurDeactivate {
	code: string;
	concurCode: string;
	name: string;
	company?: string;
	concurId?: string;
	longCode?: string;
	reason: 'absent-in-ifs' | InactiveReason;
	existing?: Record<string, unknown>;
}

export interface IfsCreate {
	/** IFS code to create. */
	code: string;
	concurCode: string;
	name: string;
	company: string;
	concurId?: string;
	countryCode?: string;
	currencyCode?: string;
}

export interface IfsUpdate {
	code: string;
	concurCode: string;
	name: string;
	previousName: string;
	/** Cost centers: the company whose description changes; vendors: undefined (the name is not per company). */
	company?: string;
	concurId?: string;
}

export interface Conflict {
	code: string;
	concurCode?: string;
	name: string;
	company?: string;
	message: string;
}

export interface SyncPlan {
	/** Company items a connected list lacks, created before the cost centers under them. */
	createParentsInConcur: ParentCreate[];
	createInConcur: ConcurCreate[];
	updateInConcur: ConcurUpdate[];
	deactivateInConcur: ConcurDeactivate[];
	createInIfs: IfsCreate[];
	updateInIfs: IfsUpdate[];
	conflicts: Conflict[];
	/** Records present on both sides with nothing to change (deactivated items of blocked values included). */
	unchanged: number;
	/** IFS values blocked/outside validity that are not in Concur, or whose deactivation is switched off. */
	blockedInIfs: number;
	/** Concur-born records left alone (creation in IFS and deactivation both off). */
	onlyInConcur: number;
	/** Concur records that belong to IFS companies not selected: left alone. */
	notInSelectedCompanies: number;
}

/** What Concur list names may not contain, and what replaces it (en dash reads the same). */
export const NAME_DASH_REPLACEMENT = '\u2013';

export function emptyPlan(): SyncPlan {
	return {
		createParentsInConcur: [],
		createInConcur: [],
		updateInConcur: [],
		deactivateInConcur: [],
		createInIfs: [],
		updateInIfs: [],
		conflicts: [],
		unchanged: 0,
		blockedInIfs: 0,
		onlyInConcur: 0,
		notInSelectedCompanies: 0,
	};
}

/** Number of writes the plan asks for. */
export function writeCount(plan: SyncPlan): number {
	return (
		plan.createParentsInConcur.length +
		plan.createInConcur.length +
		plan.updateInConcur.length +
		plan.deactivateInConcur.length +
		plan.createInIfs.length +
		plan.updateInIfs.length
	);
}
