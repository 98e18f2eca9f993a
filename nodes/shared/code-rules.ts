/**
 * How IFS codes become SAP Concur list codes and back. Concur list codes cannot hold `-` (it joins
 * the levels of a connected list's long code), so a code rule either substitutes another
 * character for it or drops it, and an explicit translation table wins over either, both ways.
 * The reference sync and the mapping node translate through the same `codeTranslator`, built from
 * the rule and the IFS codes it applies to: a Concur code that two IFS codes would share is a
 * conflict for both, never a silent pick.
 */

/** The one character SAP Concur forbids in list item codes. */
export const CONCUR_FORBIDDEN = '-';

export type DashRule = 'substitute' | 'drop';

export interface CodeTranslation {
	ifsCode: string;
	/** A Concur list code (or, in the mapping node, a list item id Concur documents carry). */
	concurCode: string;
}

export interface CodeRule {
	dashRule: DashRule;
	/** Replaces `-` when `dashRule` is `substitute`; empty: codes with `-` cannot go to Concur. */
	substitute: string;
	table: CodeTranslation[];
}

export const DEFAULT_CODE_RULE: CodeRule = { dashRule: 'substitute', substitute: '_', table: [] };

/** A code, or why there is none; a collision names the Concur code the IFS codes fight over. */
export type Translation = { code: string; problem?: undefined } | { code?: string; problem: string };

export interface CodeTranslator {
	/** IFS code → the Concur code it is kept under. */
	toConcur(ifsCode: string): Translation;
	/** Concur code (or list item id) → the IFS code it stands for; a code IFS does not have yet is translated by the rule. */
	toIfs(concurCode: string): Translation;
}

const LIST_ITEM_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Concur compares codes without case; list item ids come as dashed UUIDs or 32 upper-case hex. */
export function concurKey(value: string): string {
	const trimmed = value.trim();
	return LIST_ITEM_ID.test(trimmed) ? trimmed.replace(/-/g, '').toUpperCase() : trimmed.toLowerCase();
}

/** Why the rule itself cannot work (and which part of it), or undefined. */
export function codeRuleProblem(rule: CodeRule): { part: 'substitute' | 'table'; message: string } | undefined {
	if (rule.dashRule === 'substitute' && (rule.substitute.length > 1 || rule.substitute === CONCUR_FORBIDDEN)) {
		return { part: 'substitute', message: `The dash substitute must be one character other than "${CONCUR_FORBIDDEN}" (or empty), not "${rule.substitute}".` };
	}
	const wrong = rule.table.find((row) => row.ifsCode.trim() === '' || row.concurCode.trim() === '' || (!LIST_ITEM_ID.test(row.concurCode.trim()) && row.concurCode.includes(CONCUR_FORBIDDEN)));
	if (wrong) return { part: 'table', message: `The translation "${wrong.ifsCode}" → "${wrong.concurCode}" needs both codes, and the Concur code cannot contain "${CONCUR_FORBIDDEN}".` };
	return undefined;
}

/** The rule alone (no table, no knowledge of other codes); no rule keeps codes as they are. */
function byRule(rule: CodeRule | null, ifsCode: string): Translation {
	if (!rule || !ifsCode.includes(CONCUR_FORBIDDEN)) return { code: ifsCode };
	if (rule.dashRule === 'drop') {
		const code = ifsCode.split(CONCUR_FORBIDDEN).join('');
		return code ? { code } : { problem: `IFS code "${ifsCode}" is empty without "${CONCUR_FORBIDDEN}".` };
	}
	if (!rule.substitute) return { problem: `IFS code "${ifsCode}" contains "${CONCUR_FORBIDDEN}", which SAP Concur list codes cannot hold, and no dash substitute is configured.` };
	return { code: ifsCode.split(CONCUR_FORBIDDEN).join(rule.substitute) };
}

/** The rule read backwards for a Concur code no IFS code produces (substitute → `-`; a dropped `-` cannot be restored). */
function reverseByRule(rule: CodeRule | null, concurCode: string): string {
	return rule?.dashRule === 'substitute' && rule.substitute ? concurCode.split(rule.substitute).join(CONCUR_FORBIDDEN) : concurCode;
}

/**
 * A translator for one set of IFS codes (one Concur list scope, or one company's cost centers):
 * table rows first, then the rule; collisions are reported for every code involved. Without a
 * rule (vendor codes) codes stay as they are and only collisions by case are reported.
 */
export function codeTranslator(rule: CodeRule | null, ifsCodes: Iterable<string>): CodeTranslator {
	const table = rule?.table ?? [];
	// a list item id names a Concur item but is no code to keep it under: read-back only
	const tableByIfs = new Map(table.filter((row) => !LIST_ITEM_ID.test(row.concurCode.trim())).map((row) => [row.ifsCode.trim(), row.concurCode.trim()]));
	const tableByConcur = new Map(table.map((row) => [concurKey(row.concurCode), row.ifsCode.trim()]));
	const forward = (ifsCode: string): Translation => {
		const fromTable = tableByIfs.get(ifsCode);
		return fromTable === undefined ? byRule(rule, ifsCode) : { code: fromTable };
	};
	const owners = new Map<string, string[]>();
	for (const ifsCode of new Set([...ifsCodes, ...tableByIfs.keys()])) {
		const translated = forward(ifsCode);
		if (translated.code === undefined) continue;
		const key = concurKey(translated.code);
		const list = owners.get(key);
		if (list) list.push(ifsCode);
		else owners.set(key, [ifsCode]);
	}
	const collision = (concurCode: string, codes: string[]) =>
		`IFS codes ${codes.map((code) => `"${code}"`).join(' and ')} all become Concur code "${concurCode}" (Concur codes ignore case); none of them is synced or mapped. Add a row to the translation table for all but one of them.`;

	return {
		toConcur(ifsCode) {
			const translated = forward(ifsCode);
			if (translated.code === undefined) return translated;
			const codes = owners.get(concurKey(translated.code)) ?? [ifsCode];
			return codes.length > 1 && codes.includes(ifsCode) ? { code: translated.code, problem: collision(translated.code, codes) } : translated;
		},
		toIfs(concurCode) {
			const key = concurKey(concurCode);
			const codes = owners.get(key);
			if (codes && codes.length > 1) return { problem: collision(concurCode, codes) };
			if (codes) return { code: codes[0] };
			const fromTable = tableByConcur.get(key);
			if (fromTable !== undefined) return { code: fromTable };
			const ifsCode = reverseByRule(rule, concurCode.trim());
			const back = forward(ifsCode);
			if (back.code === undefined || concurKey(back.code) !== key) {
				return { problem: `Concur code "${concurCode}" has no IFS code that the code rule turns into it; add it to the translation table.` };
			}
			return { code: ifsCode };
		},
	};
}
