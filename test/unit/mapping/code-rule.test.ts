/**
 * The mapping node reads cost-center codes back exactly as the Reference Sync wrote them: the same
 * translator, built from the company's IFS cost centers.
 */
import { codeTranslator, costCenterCodeRule, mapDocuments, type IfsReferenceData, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting } from '../../../nodes/shared/postings';
import { fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, seedReport } from './fixtures/scenario';

type Envelope = { document: { expenseEntry: Array<{ allocation: Array<Record<string, unknown>> }> } };

/** The W4JPA1 report (company 10) with every allocation on Concur cost center `concurCode`. */
function reportOn(concurCode: string): Envelope {
	const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope;
	for (const entry of envelope.document.expenseEntry) for (const allocation of entry.allocation) allocation.allocationCustom1Code = concurCode;
	return envelope;
}

function withCostCenters(codes: string[]): IfsReferenceData {
	const reference = scenarioReferenceData();
	reference.companies['10'].costCenters.push(...codes.map((code) => ({ code, blocked: false })));
	return reference;
}

function map(concurCode: string, config: MappingConfig, reference: IfsReferenceData) {
	return mapDocuments([reportOn(concurCode)], config, reference, { executionId: 'exec-7', now: NOW })[0];
}

const costCentersOf = (posting: unknown) => [...new Set((posting as JournalEntryPosting).rows.map((row) => row.codeParts.CodeB).filter(Boolean))];

describe('mapping: the cost-center code rule', () => {
	const drop = scenarioConfig({ dashRule: 'drop', costCenterSources: [{ level: 'allocation', field: 'custom1' }] });

	it('maps a Concur code whose "-" was dropped back to the IFS code it came from', () => {
		const result = map('K100', drop, withCostCenters(['K-100']));
		if (result.held) throw new Error(result.reasons.map((reason) => reason.message).join(' | '));
		expect(costCentersOf(result.posting)).toEqual(['K-100']);
	});

	it('holds a document whose Concur code two IFS cost centers share, naming both, instead of picking one', () => {
		const result = map('K100', drop, withCostCenters(['K-100', 'K100']));
		expect(result.held).toBe(true);
		if (!result.held) return;
		expect(result.reasons[0]).toMatchObject({ field: 'costCenter', message: expect.stringMatching(/"K-100" and "K100" all become Concur code "K100"/) });
	});

	it('reads back every code the sync writes, under every rule, for the codes of the company', () => {
		const codes = ['K-100', 'CC-400', 'A-B-C', 'CC100', 'X_1'];
		for (const config of [
			scenarioConfig({ costCenterSources: [{ level: 'allocation', field: 'custom1' }] }),
			drop,
			scenarioConfig({ dashSubstitute: '~', costCenterSources: [{ level: 'allocation', field: 'custom1' }], costCenterTable: [{ concurValue: 'KX100', ifsCode: 'K-100' }] }),
		]) {
			const sync = codeTranslator(costCenterCodeRule(config), codes);
			for (const code of codes) {
				const written = sync.toConcur(code);
				expect(written.problem).toBeUndefined();
				const result = map(written.code!, config, withCostCenters(codes));
				if (result.held) throw new Error(`${code} → ${written.code}: ${result.reasons.map((reason) => reason.message).join(' | ')}`);
				expect(costCentersOf(result.posting)).toEqual([code]);
			}
		}
	});
});
