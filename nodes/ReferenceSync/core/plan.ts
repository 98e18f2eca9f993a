/**
 * Reference-data sync plan (R1 cost centers, R2 vendors): both sides' records in, the list of
 * writes out. Pure: no n8n, no I/O, so the rules are unit-tested directly.
 *
 * Rules
 * - Records are matched by code. Cost-center codes go through the reversible dash rule
 *   (IFS `CC-400` ↔ Concur `CC_400`); an IFS code that cannot round-trip (it already contains the
 *   substitute, or contains `-` with no substitute configured) is a conflict and is not synced.
 *   Vendor codes are identities (VendorCode = SupplierId). Concur treats codes case-insensitively,
 *   so matching does too.
 * - IFS is the master by default: a name that differs is updated in Concur. With Concur as master
 *   the IFS name (cost center description per company / supplier name) is updated instead.
 * - A cost center blocked for posting or outside its validity in every selected company is not
 *   pushed to Concur; it is removed from Concur only when deactivation is enabled.
 * - A code Concur has and IFS does not ("Concur-born") is created in IFS only when enabled;
 *   otherwise it is removed from Concur only when deactivation is enabled; otherwise left alone.
 * - No ping-pong: applying a plan and planning again yields an empty plan (names are compared the
 *   way they are written, after the same name rule).
 */
import { toConcurCode, toIfsCode } from '../../shared/code-rules';

export type SyncData = 'costCenters' | 'vendors';
export type Master = 'ifs' | 'concur';

/** One IFS record in one company: a code part value, or a supplier's invoicing data joined with its general data. */
export interface IfsRow {
	/** CodePartValue / SupplierId. */
	code: string;
	company: string;
	/** Description / supplier Name. */
	name: string;
	/** False when blocked for posting or outside its validity dates. */
	active: boolean;
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
	countryCode?: string;
	currencyCode?: string;
	/** The record as Concur returned it (vendor updates resend it). */
	raw?: Record<string, unknown>;
}

export interface PlanInput {
	data: SyncData;
	/** Selected IFS companies, in priority order (the first one's name/currency wins when they differ). */
	companies: string[];
	ifs: IfsRow[];
	/**
	 * Codes that exist in IFS at all, whether or not connected to a selected company (vendors: every
	 * supplier). A Concur record whose code is known here but not in `ifs` is out of scope, not
	 * Concur-born. Defaults to the codes of `ifs`.
	 */
	ifsKnownCodes?: string[];
	concur: ConcurRecord[];
}

export interface PlanOptions {
	master: Master;
	createInIfs: boolean;
	deactivateInConcur: boolean;
	/** Replaces `-` in cost-center codes for Concur; '' disables the rule (codes with `-` then conflict). */
	dashSubstitute: string;
	/** Vendors, IFS master: also update Concur when CountryCode / CurrencyCode differ from IFS. */
	compareCountryCurrency?: boolean;
}

export interface ConcurCreate {
	/** IFS code. */
	code: string;
	concurCode: string;
	name: string;
	/** The IFS company the name (and currency) came from. */
	company: string;
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
	concurId?: string;
	longCode?: string;
	reason: 'absent-in-ifs' | 'blocked-in-ifs';
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
	createInConcur: ConcurCreate[];
	updateInConcur: ConcurUpdate[];
	deactivateInConcur: ConcurDeactivate[];
	createInIfs: IfsCreate[];
	updateInIfs: IfsUpdate[];
	conflicts: Conflict[];
	/** Records present on both sides with nothing to change. */
	unchanged: number;
	/** IFS values blocked/expired in every selected company, not pushed (and not removed from Concur). */
	blockedInIfs: number;
	/** Concur-born records left alone (creation in IFS and deactivation both off). */
	onlyInConcur: number;
	/** Concur records whose code exists in IFS but not in the selected companies: left alone. */
	notInSelectedCompanies: number;
}

/** What Concur list names may not contain, and what replaces it (en dash reads the same). */
export const NAME_DASH_REPLACEMENT = '\u2013';

export function emptyPlan(): SyncPlan {
	return {
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
	return plan.createInConcur.length + plan.updateInConcur.length + plan.deactivateInConcur.length + plan.createInIfs.length + plan.updateInIfs.length;
}

/** A cost-center name as Concur can hold it: `-` separates list levels, so it is replaced. */
export function concurListName(name: string): string {
	return name.trim().split('-').join(NAME_DASH_REPLACEMENT);
}

/** Why an IFS cost-center code cannot be kept in Concur, or undefined when it round-trips. */
export function codeRoundTripProblem(ifsCode: string, dashSubstitute: string): string | undefined {
	if (ifsCode.trim() === '') return 'The IFS code is empty.';
	if (!dashSubstitute) {
		return ifsCode.includes('-') ? `IFS code "${ifsCode}" contains "-", which SAP Concur list codes cannot hold, and no dash substitute is configured.` : undefined;
	}
	const concurCode = toConcurCode(ifsCode, dashSubstitute);
	if (concurCode.includes('-') || toIfsCode(concurCode, dashSubstitute) !== ifsCode) {
		return `IFS code "${ifsCode}" contains the dash substitute "${dashSubstitute}", so its Concur code "${concurCode}" would read back as "${toIfsCode(concurCode, dashSubstitute)}"; not synced. Rename it in IFS or choose another substitute.`;
	}
	return undefined;
}

/** A code part value is usable when not blocked and today is inside [ValidFrom, ValidUntil]. */
export function isCodePartValueActive(row: { BlockedForPosting?: unknown; ValidFrom?: unknown; ValidUntil?: unknown }, today: string): boolean {
	const validFrom = typeof row.ValidFrom === 'string' ? row.ValidFrom.slice(0, 10) : '';
	const validUntil = typeof row.ValidUntil === 'string' ? row.ValidUntil.slice(0, 10) : '';
	if (row.BlockedForPosting === true || row.BlockedForPosting === 'true') return false;
	return !(validFrom !== '' && validFrom > today) && !(validUntil !== '' && validUntil < today);
}

interface IfsEntry {
	code: string;
	concurCode: string;
	rows: IfsRow[];
}

const key = (code: string) => code.trim().toLowerCase();

export function planSync(input: PlanInput, options: PlanOptions): SyncPlan {
	const plan = emptyPlan();
	const costCenters = input.data === 'costCenters';
	const substitute = costCenters ? options.dashSubstitute : '';
	const companyRank = new Map(input.companies.map((company, index) => [company, index]));
	const rank = (company: string) => companyRank.get(company) ?? Number.MAX_SAFE_INTEGER;
	const nameOf = (name: string) => (costCenters ? concurListName(name) : name.trim());

	// IFS rows grouped by code (selected companies only), in company priority order.
	const groups = new Map<string, IfsRow[]>();
	for (const row of input.ifs) {
		if (input.companies.length && !companyRank.has(row.company)) continue;
		groups.set(row.code, [...(groups.get(row.code) ?? []), row]);
	}
	for (const rows of groups.values()) rows.sort((a, b) => rank(a.company) - rank(b.company));

	// Keys (lower-case Concur codes) that must not be touched because of a conflict.
	const blockedKeys = new Set<string>();
	const ifsByKey = new Map<string, IfsEntry>();
	for (const [code, rows] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		const name = rows[0].name;
		const problem = costCenters ? codeRoundTripProblem(code, substitute) : code.trim() === '' ? 'The IFS code is empty.' : undefined;
		const concurCode = costCenters && !problem ? toConcurCode(code, substitute) : code;
		if (problem) {
			plan.conflicts.push({ code, name, message: problem });
			blockedKeys.add(key(code));
			if (substitute) blockedKeys.add(key(toConcurCode(code, substitute)));
			continue;
		}
		const existing = ifsByKey.get(key(concurCode));
		if (existing) {
			plan.conflicts.push({
				code,
				concurCode,
				name,
				message: `IFS codes "${existing.code}" and "${code}" both become Concur code "${concurCode}" (Concur codes ignore case); neither is synced.`,
			});
			blockedKeys.add(key(concurCode));
			continue;
		}
		ifsByKey.set(key(concurCode), { code, concurCode, rows });
	}

	const concurByKey = new Map<string, ConcurRecord>();
	for (const record of input.concur) {
		const recordKey = key(record.code);
		if (concurByKey.has(recordKey)) {
			plan.conflicts.push({
				code: costCenters ? toIfsCode(record.code, substitute) : record.code,
				concurCode: record.code,
				name: record.name,
				message: `SAP Concur holds code "${record.code}" more than once; not synced.`,
			});
			blockedKeys.add(recordKey);
			continue;
		}
		concurByKey.set(recordKey, record);
	}

	for (const [entryKey, entry] of [...ifsByKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		if (blockedKeys.has(entryKey)) continue;
		planIfsEntry(plan, entry, concurByKey.get(entryKey), options, costCenters, nameOf);
	}

	const known = new Set((input.ifsKnownCodes ?? [...groups.keys()]).map(key));
	for (const [recordKey, record] of [...concurByKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		if (blockedKeys.has(recordKey) || ifsByKey.has(recordKey)) continue;
		const code = costCenters ? toIfsCode(record.code, substitute) : record.code;
		if (known.has(key(code)) || known.has(recordKey)) {
			plan.notInSelectedCompanies++;
			continue;
		}
		planConcurBorn(plan, record, code, input.companies, options);
	}
	return plan;
}

function planIfsEntry(
	plan: SyncPlan,
	entry: IfsEntry,
	concur: ConcurRecord | undefined,
	options: PlanOptions,
	costCenters: boolean,
	nameOf: (name: string) => string,
): void {
	const primary = entry.rows.find((row) => row.active);
	if (!primary) {
		if (concur && options.deactivateInConcur) {
			plan.deactivateInConcur.push({
				code: entry.code,
				concurCode: concur.code,
				name: concur.name,
				concurId: concur.id,
				longCode: concur.longCode,
				reason: 'blocked-in-ifs',
				existing: concur.raw,
			});
		} else {
			plan.blockedInIfs++;
		}
		return;
	}
	const name = nameOf(primary.name);
	const countryCode = costCenters ? undefined : primary.country?.trim() || undefined;
	const currencyCode = costCenters ? undefined : entry.rows.find((row) => row.active && row.currency)?.currency?.trim() || undefined;
	if (!concur) {
		const missing = costCenters ? [] : [countryCode ? '' : 'Country', currencyCode ? '' : 'invoicing Currency'].filter(Boolean);
		if (name === '') missing.push(costCenters ? 'Description' : 'Name');
		if (missing.length) {
			plan.conflicts.push({
				code: entry.code,
				concurCode: entry.concurCode,
				name,
				company: primary.company,
				message: `Cannot create ${entry.code} in SAP Concur: IFS has no ${missing.join(' and ')} for it${costCenters ? '' : ' (Concur requires CountryCode and CurrencyCode)'}.`,
			});
			return;
		}
		plan.createInConcur.push({ code: entry.code, concurCode: entry.concurCode, name, company: primary.company, countryCode, currencyCode });
		return;
	}
	if (options.master === 'concur') {
		planIfsUpdates(plan, entry, concur, costCenters, nameOf);
		return;
	}
	const changed: string[] = [];
	if (concur.name.trim() !== name) changed.push('name');
	if (!costCenters && options.compareCountryCurrency) {
		if (countryCode && key(concur.countryCode ?? '') !== key(countryCode)) changed.push('countryCode');
		if (currencyCode && key(concur.currencyCode ?? '') !== key(currencyCode)) changed.push('currencyCode');
	}
	if (!changed.length) {
		plan.unchanged++;
		return;
	}
	const compare = Boolean(options.compareCountryCurrency);
	plan.updateInConcur.push({
		code: entry.code,
		concurCode: concur.code,
		name,
		company: primary.company,
		concurId: concur.id,
		longCode: concur.longCode,
		previousName: concur.name,
		changed,
		existing: concur.raw,
		...(costCenters
			? {}
			: {
					countryCode: (compare ? countryCode : undefined) ?? concur.countryCode ?? countryCode,
					currencyCode: (compare ? currencyCode : undefined) ?? concur.currencyCode ?? currencyCode,
				}),
	});
}

/** Concur master: the Concur name goes to IFS (every selected company's description / the supplier name). */
function planIfsUpdates(plan: SyncPlan, entry: IfsEntry, concur: ConcurRecord, costCenters: boolean, nameOf: (name: string) => string): void {
	const wanted = concur.name.trim();
	if (wanted === '') {
		plan.conflicts.push({ code: entry.code, concurCode: concur.code, name: wanted, message: `SAP Concur holds ${concur.code} without a name; IFS is not updated.` });
		return;
	}
	const differing = entry.rows.filter((row) => nameOf(row.name) !== wanted);
	if (!differing.length) {
		plan.unchanged++;
		return;
	}
	if (costCenters) {
		for (const row of differing) {
			plan.updateInIfs.push({ code: entry.code, concurCode: concur.code, name: wanted, previousName: row.name, company: row.company, concurId: concur.id });
		}
	} else {
		plan.updateInIfs.push({ code: entry.code, concurCode: concur.code, name: wanted, previousName: differing[0].name, concurId: concur.id });
	}
}

function planConcurBorn(plan: SyncPlan, record: ConcurRecord, code: string, companies: string[], options: PlanOptions): void {
	if (options.createInIfs) {
		if (record.name.trim() === '' || !companies.length) {
			plan.conflicts.push({
				code,
				concurCode: record.code,
				name: record.name,
				message: record.name.trim() === '' ? `Cannot create ${code} in IFS: SAP Concur holds it without a name.` : `Cannot create ${code} in IFS: no IFS company selected.`,
			});
			return;
		}
		for (const company of companies) {
			plan.createInIfs.push({
				code,
				concurCode: record.code,
				name: record.name.trim(),
				company,
				concurId: record.id,
				countryCode: record.countryCode,
				currencyCode: record.currencyCode,
			});
		}
		return;
	}
	if (options.deactivateInConcur) {
		plan.deactivateInConcur.push({
			code,
			concurCode: record.code,
			name: record.name,
			concurId: record.id,
			longCode: record.longCode,
			reason: 'absent-in-ifs',
			existing: record.raw,
		});
		return;
	}
	plan.onlyInConcur++;
}
