import type { CanonicalAllocation, CanonicalDocument, CanonicalEmployee, Fields } from '../../../shared/canonical';
import { contentVersion } from '../../../shared/idempotency';
import type { SourceReference } from '../../../shared/postings';

type SourceFacts = Omit<SourceReference, 'system' | 'version'>;

/** Attaches the source reference; the version hashes the content, not where it came from. */
export function withSource<T extends CanonicalDocument>(content: Omit<T, 'source'>, source: SourceFacts): T {
	return { ...content, source: { system: 'SAP Concur', ...source, version: contentVersion(content) } } as T;
}

/** A line Concur did not allocate goes 100 % to one synthetic allocation without fields. */
export function wholeAllocation(lineId: string, concurAccountCode?: string): CanonicalAllocation[] {
	return [{ allocationId: `${lineId}#1`, percentage: '100', concurAccountCode, fields: {} }];
}

export function employeeOf(fields: Fields, name: string | undefined): CanonicalEmployee {
	const withName = name ? { ...fields, name } : fields;
	return { employeeId: withName.employeeId, name, loginId: withName.loginId, fields: withName };
}

/** Drops undefined values so the same content always hashes the same. */
export function definedOnly(values: Record<string, string | undefined>): Fields {
	return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
