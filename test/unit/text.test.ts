import { mapDocuments } from '../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting } from '../../nodes/shared/postings';
import { cleanText } from '../../nodes/shared/text';
import { fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, seedReport } from './mapping/fixtures/scenario';

describe('texts for IFS', () => {
	it('drop control characters and bidirectional overrides, and collapse whitespace', () => {
		expect(cleanText('Hotel\r\nHarbor\t\u0007Inn', 200)).toBe('Hotel Harbor Inn');
		// U+202E would show "gpj.exe" as "exe.jpg"; isolates and marks go too
		expect(cleanText('invoice\u202Egpj.exe\u202C \u2066x\u2069\u200F', 200)).toBe('invoicegpj.exe x');
	});

	it('are cut by code points, never inside an emoji or another astral character', () => {
		expect(cleanText('😀'.repeat(5), 3)).toBe('😀😀😀');
		expect(cleanText(`${'a'.repeat(199)}😀b`, 200)).toBe(`${'a'.repeat(199)}😀`);
		expect([...cleanText('𝔘'.repeat(300), 200)]).toHaveLength(200);
	});

	it('are cleaned where Concur text reaches a voucher row', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as { document: { expenseEntry: Array<Record<string, unknown>> } };
		envelope.document.expenseEntry[0].entryVendorDescription = `Harbor\u202E Hotel\n${'😀'.repeat(250)}`;
		const [result] = mapDocuments([envelope], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		const text = (result.held ? '' : (result.posting as JournalEntryPosting).rows[0].text) as string;
		expect(text.startsWith('Hotel Harbor Hotel 😀')).toBe(true);
		expect([...text]).toHaveLength(200);
		expect(text).not.toMatch(/[\u202E\n]/);
	});
});
