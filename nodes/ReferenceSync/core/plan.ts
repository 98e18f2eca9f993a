/**
 * Reference-data sync plan (R1 cost centers, R2 vendors): both sides' records in, the list of
 * writes out. Pure: no n8n, no I/O, so the rules are unit-tested directly.
 *
 * Rules
 * - Records are matched per scope. A cost-center scope is one IFS company and the Concur items
 *   under that company's item when the list has a company level, or the whole list (shared by all
 *   selected companies) when it has none; vendors are one scope. A value is created, updated or
 *   deactivated only in the companies of its scope.
 * - Codes go through the code rule (`codeTranslator`: substitute or drop `-`, or a translation
 *   table); an IFS code the rule cannot place, or two IFS codes that would share one Concur code,
 *   is a conflict and is not synced on either side. Vendor codes are identities. Concur treats
 *   codes without case, so matching does too.
 * - IFS is the master by default: a name that differs is updated in Concur. With Concur as master
 *   the IFS name (cost center description per company / supplier name) is updated instead.
 * - A cost center blocked for posting or outside its validity window in every company of its scope
 *   is not pushed to Concur, and its Concur item is deactivated (List v4 `deleted`, which keeps the
 *   item) unless that is switched off. Nothing is ever deleted in IFS.
 * - A Concur item that is already deactivated while IFS holds the value open is a conflict:
 *   Concur's API cannot restore a deleted item, so it has to be restored in Concur.
 * - A code Concur has and IFS does not ("Concur-born") is created in IFS only when enabled;
 *   otherwise it is deactivated in Concur only when enabled; otherwise left alone.
 * - No ping-pong: applying a plan and planning again yields an empty plan.
 */
import { codeTranslator, concurKey, type CodeTranslator } from '../../shared/code-rules';

import { NAME_DASH_REPLACEMENT, emptyPlan, type SyncData, type InactiveReason, type IfsRow, type ConcurRecord, type Scope, type CostCenterInput, type VendorInput, type PlanOptions, type SyncPlan } from './plan-model';

export * from './plan-model';

/** A cost-center name as Concur can hold it: `-` separates list levels, so it is replaced. */
export function concurListName(name: string): string {
	return name.trim().split('-').join(NAME_DASH_REPLACEMENT);
}

/** Whether a code part value can be posted to today: not blocked and today inside [ValidFrom, ValidUntil]. */
export function codePartValueState(row: { BlockedForPosting?: unknown; ValidFrom?: unknown; ValidUntil?: unknown }, today: string): InactiveReason | undefined {
	if (row.BlockedForPosting === true || row.BlockedForPosting === 'true') return 'blocked-in-ifs';
	const validFrom = typeof row.ValidFrom === 'string' ? row.ValidFrom.slice(0, 10) : '';
	const validUntil = typeof row.ValidUntil === 'string' ? row.ValidUntil.slice(0, 10) : '';
	return (validFrom !== '' && validFrom > today) || (validUntil !== '' && validUntil < today) ? 'outside-validity' : undefined;
}

interface IfsEntry {
	code: string;
	concurCode: string;
	rows: IfsRow[];
}

/** How one scope is matched: its translator, what a Concur name is compared as, and which IFS codes exist elsewhere. */
interface ScopeRules {
	kind: SyncData;
	translator: CodeTranslator;
	nameOf: (name: string) => string;
	/** Concur keys of IFS codes known outside the scope's companies. */
	knownElsewhere: Set<string>;
	options: PlanOptions;
}

export function planCostCenters(input: CostCenterInput, options: PlanOptions): SyncPlan {
	const plan = emptyPlan();
	plan.notInSelectedCompanies = input.notInSelectedCompanies;
	const selected = new Set(input.companies);
	const rows = input.ifs.filter((row) => selected.has(row.company));
	for (const scope of input.scopes) {
		const companies = new Set(scope.companies);
		const scopeRows = rows.filter((row) => companies.has(row.company));
		const rules: ScopeRules = {
			kind: 'costCenters',
			translator: codeTranslator(input.rule, new Set(scopeRows.map((row) => row.code))),
			nameOf: concurListName,
			knownElsewhere: new Set(),
			options,
		};
		planScope(plan, scope, scopeRows, rules);
	}
	return plan;
}

export function planVendors(input: VendorInput, options: PlanOptions): SyncPlan {
	const plan = emptyPlan();
	const selected = new Set(input.companies);
	const rows = input.ifs.filter((row) => selected.has(row.company));
	const inScope = new Set(rows.map((row) => concurKey(row.code)));
	const rules: ScopeRules = {
		kind: 'vendors',
		translator: codeTranslator(null, new Set(rows.map((row) => row.code))),
		nameOf: (name) => name.trim(),
		knownElsewhere: new Set(input.ifsKnownCodes.map(concurKey).filter((key) => !inScope.has(key))),
		options,
	};
	planScope(plan, { companies: input.companies, concur: input.concur, placement: { kind: 'root' } }, rows, rules);
	return plan;
}

function planScope(plan: SyncPlan, scope: Scope, rows: IfsRow[], rules: ScopeRules): void {
	const rank = new Map(scope.companies.map((company, index) => [company, index]));
	const groups = new Map<string, IfsRow[]>();
	for (const row of rows) groups.set(row.code, [...(groups.get(row.code) ?? []), row]);

	// Concur keys nobody may touch: conflicts on either side.
	const blocked = new Set<string>();
	const ifsByKey = new Map<string, IfsEntry>();
	for (const [code, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		group.sort((a, b) => (rank.get(a.company) ?? 0) - (rank.get(b.company) ?? 0));
		const translated = code.trim() === '' ? { problem: 'The IFS code is empty.' } : rules.translator.toConcur(code);
		if (translated.problem !== undefined) {
			plan.conflicts.push({ code, concurCode: translated.code, name: group[0].name, company: companyOf(group), message: translated.problem });
			if (translated.code) blocked.add(concurKey(translated.code));
			continue;
		}
		ifsByKey.set(concurKey(translated.code), { code, concurCode: translated.code, rows: group });
	}

	const live = new Map<string, ConcurRecord>();
	const deactivated = new Map<string, ConcurRecord>();
	for (const record of scope.concur) {
		const key = concurKey(record.code);
		if (record.deleted) {
			deactivated.set(key, record);
			continue;
		}
		if (live.has(key)) {
			plan.conflicts.push({ code: record.code, concurCode: record.code, name: record.name, company: scope.label, message: `SAP Concur holds code "${record.code}" more than once${scope.label ? ` under ${scope.label}` : ''}; not synced.` });
			blocked.add(key);
			continue;
		}
		live.set(key, record);
	}

	for (const [key, entry] of [...ifsByKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		if (!blocked.has(key)) planIfsEntry(plan, scope, entry, live.get(key), deactivated.get(key), rules);
	}
	for (const [key, record] of [...live.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		if (blocked.has(key) || ifsByKey.has(key)) continue;
		if (rules.knownElsewhere.has(key)) {
			plan.notInSelectedCompanies++;
			continue;
		}
		const translated = rules.translator.toIfs(record.code);
		if (translated.problem !== undefined) {
			plan.conflicts.push({ code: record.code, concurCode: record.code, name: record.name, company: scope.label, message: translated.problem });
			continue;
		}
		planConcurBorn(plan, scope, record, translated.code, rules.options);
	}
}

const companyOf = (rows: IfsRow[]): string | undefined => (rows.length === 1 ? rows[0].company : undefined);

function planIfsEntry(plan: SyncPlan, scope: Scope, entry: IfsEntry, concur: ConcurRecord | undefined, deactivated: ConcurRecord | undefined, rules: ScopeRules): void {
	const primary = entry.rows.find((row) => row.active);
	if (!primary) {
		planInactive(plan, entry, concur, deactivated, rules.options);
		return;
	}
	if (!concur && deactivated) {
		plan.conflicts.push({
			code: entry.code,
			concurCode: entry.concurCode,
			name: primary.name,
			company: primary.company,
			message: `${entry.code} is open in IFS company ${primary.company} but its Concur item ${deactivated.longCode ?? deactivated.code} is deactivated; Concur's API cannot restore a deleted list item: restore it in Concur.`,
		});
		return;
	}
	if (!concur) {
		planConcurCreate(plan, scope, entry, primary, rules);
		return;
	}
	if (rules.options.master === 'concur') {
		planIfsUpdates(plan, entry, concur, rules);
		return;
	}
	planConcurUpdate(plan, entry, primary, concur, rules);
}

/** Blocked or outside validity in every company of the scope. */
function planInactive(plan: SyncPlan, entry: IfsEntry, concur: ConcurRecord | undefined, deactivated: ConcurRecord | undefined, options: PlanOptions): void {
	if (concur && options.deactivateBlocked) {
		plan.deactivateInConcur.push({
			code: entry.code,
			concurCode: concur.code,
			name: concur.name,
			company: companyOf(entry.rows),
			concurId: concur.id,
			longCode: concur.longCode,
			reason: entry.rows[0].inactiveReason ?? 'blocked-in-ifs',
			existing: concur.raw,
		});
	} else if (!concur && deactivated) {
		plan.unchanged++;
	} else {
		plan.blockedInIfs++;
	}
}

function vendorFields(entry: IfsEntry, primary: IfsRow, kind: SyncData): { countryCode?: string; currencyCode?: string } {
	if (kind !== 'vendors') return {};
	return {
		countryCode: primary.country?.trim() || undefined,
		currencyCode: entry.rows.find((row) => row.active && row.currency)?.currency?.trim() || undefined,
	};
}

function planConcurCreate(plan: SyncPlan, scope: Scope, entry: IfsEntry, primary: IfsRow, rules: ScopeRules): void {
	const name = rules.nameOf(primary.name);
	const { countryCode, currencyCode } = vendorFields(entry, primary, rules.kind);
	const missing = rules.kind === 'vendors' ? [countryCode ? '' : 'Country', currencyCode ? '' : 'invoicing Currency'].filter(Boolean) : [];
	if (name === '') missing.push(rules.kind === 'vendors' ? 'Name' : 'Description');
	const conflict = (message: string) => plan.conflicts.push({ code: entry.code, concurCode: entry.concurCode, name, company: primary.company, message });
	if (missing.length) {
		conflict(`Cannot create ${entry.code} in SAP Concur: IFS has no ${missing.join(' and ')} for it${rules.kind === 'vendors' ? ' (Concur requires CountryCode and CurrencyCode)' : ''}.`);
		return;
	}
	const placement = scope.placement;
	if (placement.kind === 'none') {
		conflict(`Cannot create ${entry.code} in SAP Concur: ${placement.reason}`);
		return;
	}
	if (placement.kind === 'create-parent' && !plan.createParentsInConcur.includes(placement.parent)) plan.createParentsInConcur.push(placement.parent);
	const parentCode = placement.kind === 'under' ? placement.parentCode : placement.kind === 'create-parent' ? joinCode(placement.parent.parentCode, placement.parent.shortCode) : undefined;
	plan.createInConcur.push({ code: entry.code, concurCode: entry.concurCode, name, company: primary.company, ...(parentCode ? { parentCode } : {}), countryCode, currencyCode });
}

/** A long code: the parent's long code and a short code, joined with `-`. */
function joinCode(parentCode: string, shortCode: string): string {
	return parentCode ? `${parentCode}-${shortCode}` : shortCode;
}

function planConcurUpdate(plan: SyncPlan, entry: IfsEntry, primary: IfsRow, concur: ConcurRecord, rules: ScopeRules): void {
	const name = rules.nameOf(primary.name);
	const { countryCode, currencyCode } = vendorFields(entry, primary, rules.kind);
	const compare = rules.kind === 'vendors' && Boolean(rules.options.compareCountryCurrency);
	const changed: string[] = [];
	if (concur.name.trim() !== name) changed.push('name');
	if (compare && countryCode && concurKey(concur.countryCode ?? '') !== concurKey(countryCode)) changed.push('countryCode');
	if (compare && currencyCode && concurKey(concur.currencyCode ?? '') !== concurKey(currencyCode)) changed.push('currencyCode');
	if (!changed.length) {
		plan.unchanged++;
		return;
	}
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
		...(rules.kind === 'vendors'
			? {
					countryCode: (compare ? countryCode : undefined) ?? concur.countryCode ?? countryCode,
					currencyCode: (compare ? currencyCode : undefined) ?? concur.currencyCode ?? currencyCode,
				}
			: {}),
	});
}

/** Concur master: the Concur name goes to IFS (every scope company's description / the supplier name). */
function planIfsUpdates(plan: SyncPlan, entry: IfsEntry, concur: ConcurRecord, rules: ScopeRules): void {
	const wanted = concur.name.trim();
	if (wanted === '') {
		plan.conflicts.push({ code: entry.code, concurCode: concur.code, name: wanted, message: `SAP Concur holds ${concur.code} without a name; IFS is not updated.` });
		return;
	}
	const differing = entry.rows.filter((row) => rules.nameOf(row.name) !== wanted);
	if (!differing.length) {
		plan.unchanged++;
		return;
	}
	if (rules.kind === 'costCenters') {
		for (const row of differing) {
			plan.updateInIfs.push({ code: entry.code, concurCode: concur.code, name: wanted, previousName: row.name, company: row.company, concurId: concur.id });
		}
	} else {
		plan.updateInIfs.push({ code: entry.code, concurCode: concur.code, name: wanted, previousName: differing[0].name, concurId: concur.id });
	}
}

function planConcurBorn(plan: SyncPlan, scope: Scope, record: ConcurRecord, code: string, options: PlanOptions): void {
	if (options.createInIfs) {
		const problem = record.name.trim() === '' ? 'SAP Concur holds it without a name' : !scope.companies.length ? 'no IFS company selected' : undefined;
		if (problem) {
			plan.conflicts.push({ code, concurCode: record.code, name: record.name, company: scope.label, message: `Cannot create ${code} in IFS: ${problem}.` });
			return;
		}
		for (const company of scope.companies) {
			plan.createInIfs.push({ code, concurCode: record.code, name: record.name.trim(), company, concurId: record.id, countryCode: record.countryCode, currencyCode: record.currencyCode });
		}
		return;
	}
	if (options.deactivateInConcur) {
		plan.deactivateInConcur.push({
			code,
			concurCode: record.code,
			name: record.name,
			company: scope.companies.length === 1 ? scope.companies[0] : undefined,
			concurId: record.id,
			longCode: record.longCode,
			reason: 'absent-in-ifs',
			existing: record.raw,
		});
		return;
	}
	plan.onlyInConcur++;
}

export interface NewValueShare {
	company: string;
	/** Values the plan creates in the company. */
	created: number;
	/** Values the company already holds (any state). */
	existing: number;
	/** created ÷ (existing + created), in percent. */
	percent: number;
}

/** Companies in which the plan would create more than `maxPercent` % of their values. */
export function excessiveNewValues(plan: SyncPlan, ifs: IfsRow[], maxPercent: number): NewValueShare[] {
	const created = new Map<string, number>();
	for (const create of plan.createInIfs) created.set(create.company, (created.get(create.company) ?? 0) + 1);
	const existing = new Map<string, number>();
	for (const row of ifs) existing.set(row.company, (existing.get(row.company) ?? 0) + 1);
	return [...created.entries()]
		.map(([company, count]) => {
			const held = existing.get(company) ?? 0;
			return { company, created: count, existing: held, percent: (count / (held + count)) * 100 };
		})
		.filter((share) => share.percent > maxPercent)
		.sort((a, b) => a.company.localeCompare(b.company));
}
