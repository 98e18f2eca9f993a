import { buildAuditRecord } from '../../nodes/shared/audit';
import { AUDIT_ROW_COLUMNS, auditRowOf, confirmationOf, withConcurConfirmation } from '../../nodes/shared/confirmation';
import { groupBy } from '../../nodes/shared/group-by';

const fisExpense = buildAuditRecord({
	source: { type: 'fis-expense', id: 'R1', fisDocumentId: 'a'.repeat(32) },
	idempotencyKey: 'CX-R1',
	action: 'created',
	company: '10',
	ifsKeys: { VoucherNo: 2026000123, AccountingYear: 2026 },
	attempts: 1,
	reasons: [{ message: 'first' }, { message: 'second' }],
});

describe('the confirmation a posted document carries', () => {
	it('names the IFS voucher, its year and posting date for Concur', () => {
		expect(confirmationOf(fisExpense, { company: '10', voucherNo: 2026000123, accountingYear: 2026, postingDate: '2026-11-16' })).toEqual({
			docType: 'expense',
			documentId: 'a'.repeat(32),
			outcome: 'success',
			companyId: '10',
			documentNumber: '2026000123',
			fiscalYear: '2026',
			postingDate: '2026-11-16',
			errorMessages: '',
			v3ReportId: '',
		});
	});

	it('takes the fiscal year from the posting date when IFS gives none (supplier invoices)', () => {
		const invoice = { ...fisExpense, sourceType: 'fis-invoice' as const };
		expect(confirmationOf(invoice, { company: '20', invoiceId: 77, postingDate: '2026-12-01' })).toMatchObject({ docType: 'invoice', documentNumber: '77', fiscalYear: '2026' });
	});

	it("is a failure with IFS's message when nothing was posted, and names the v3 report for reports read from v3", () => {
		const v3 = buildAuditRecord({ source: { type: 'v3-report', id: 'R9' }, action: 'failed' });
		expect(confirmationOf(v3, undefined, 'Period 2026-11 is closed')).toMatchObject({ outcome: 'error', documentId: '', errorMessages: 'Period 2026-11 is closed', v3ReportId: 'R9' });
	});
});

describe('the audit row a document carries', () => {
	it('has exactly the audit table columns, every value a string', () => {
		const row = auditRowOf(fisExpense, '4711');
		expect(Object.keys(row)).toEqual([...AUDIT_ROW_COLUMNS]);
		expect(Object.values(row).every((value) => typeof value === 'string')).toBe(true);
		expect(row).toMatchObject({ executionId: '4711', sourceId: 'R1', action: 'created', reasons: 'first | second', attempts: '1', concurConfirmation: '' });
		expect(JSON.parse(row.ifsKeys)).toEqual({ VoucherNo: '2026000123', AccountingYear: '2026' });
	});

	it("gets Concur's answer written in; an item without an audit row passes unchanged", () => {
		const item = { auditRow: auditRowOf(fisExpense, '1'), other: 1 };
		expect(withConcurConfirmation(item, 'SUCCESS').auditRow.concurConfirmation).toBe('SUCCESS');
		expect(item.auditRow.concurConfirmation).toBe('');
		const bare = { other: 1 };
		expect(withConcurConfirmation(bare, 'SUCCESS')).toBe(bare);
	});
});

describe('groupBy', () => {
	it('keeps groups and members in first-seen order', () => {
		const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (value) => value[0]);
		expect([...groups.entries()]).toEqual([
			['b', ['b1', 'b2']],
			['a', ['a1', 'a2']],
			['c', ['c1']],
		]);
	});
});
