import { buildAuditRecord, codeTranslator, costCenterCodeRule, defaultMappingConfig, normalizeFisExpense, validateMappingConfig } from '../../../nodes/ConcurToIfs/core';
import { buildIdempotencyKey, contentVersion, stableStringify } from '../../../nodes/shared/idempotency';
import { fisExpenseEnvelope, NOW, scenarioConfig, seedReport } from './fixtures/scenario';

describe('mapping config', () => {
	it('reports the settings a new mapping still needs, per document kind', () => {
		expect(validateMappingConfig(defaultMappingConfig(), ['expenseReport']).map((issue) => issue.setting)).toEqual([
			'companyTable',
			'employeePayableAccount',
			'cardClearingAccount',
			'employeeReceivableAccount',
		]);
		expect(validateMappingConfig(defaultMappingConfig(), ['invoice']).map((issue) => issue.setting)).toEqual(['companyTable']);
		expect(validateMappingConfig(scenarioConfig())).toEqual([]);
	});

	it('rejects contradictory settings', () => {
		const config = scenarioConfig({ dashSubstitute: '-', costCenterCodePart: 'CodeZ' as never, roundingTolerance: 'abc', invoicePrefix: 'CX', maxReferenceLength: 8, companyMode: 'fixed', fixedCompany: ' ', requisitionerSource: 'fixed', expenseReportTarget: 'supplierInvoice', employeeSupplierField: '' });
		expect(validateMappingConfig(config).map((issue) => issue.setting)).toEqual([
			'fixedCompany',
			'employeeSupplierField',
			'fixedRequisitioner',
			'dashSubstitute',
			'costCenterCodePart',
			'roundingTolerance',
			'expenseReportPrefix',
			'maxReferenceLength',
		]);
	});

	it('builds the cost-center code rule the Reference Sync uses: table first, then the dash rule', () => {
		const config = { ...defaultMappingConfig(), costCenterTable: [{ concurValue: 'SPECIAL', ifsCode: 'CC-999' }] };
		const translator = codeTranslator(costCenterCodeRule(config), ['CC-400', 'CC-999']);
		expect(translator.toIfs('CC_400')).toEqual({ code: 'CC-400' });
		expect(translator.toIfs('special')).toEqual({ code: 'CC-999' });
		expect(translator.toConcur('CC-999')).toEqual({ code: 'SPECIAL' });
		expect(codeTranslator(costCenterCodeRule({ ...config, dashRule: 'drop' }), ['K-100']).toIfs('K100')).toEqual({ code: 'K-100' });
		expect(validateMappingConfig({ ...config, costCenterTable: [{ concurValue: 'A-B', ifsCode: 'AB' }] }).map((issue) => issue.setting)).toContain('costCenterTable');
	});
});

describe('idempotency keys and versions', () => {
	it('builds short, deterministic keys and hashes ids that do not fit', () => {
		expect(buildIdempotencyKey('CX', '764428DD6A664AF0BFC1')).toBe('CX-764428DD6A664AF0BFC1');
		const dollar = buildIdempotencyKey('CX', 'gWmudeHM8AuFikny3Hrpz$s2gaNvc0E7Xfyw');
		expect(dollar).toMatch(/^CX-H[0-9A-F]{46}$/);
		expect(buildIdempotencyKey('CX', 'gWmudeHM8AuFikny3Hrpz$s2gaNvc0E7Xfyw')).toBe(dollar);
		expect(buildIdempotencyKey('CI', 'X'.repeat(60), 30)).toHaveLength(30);
		expect(() => buildIdempotencyKey('VERY-LONG-PREFIX', 'X'.repeat(60), 20)).toThrow(/no room/);
	});

	it('hashes content independently of key order, and changes with the content', () => {
		expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
		expect(contentVersion({ a: 1, b: 2 })).toBe(contentVersion({ b: 2, a: 1 }));
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as { document: Record<string, unknown> };
		const first = normalizeFisExpense(envelope, envelope.document).source.version;
		const changed = fisExpenseEnvelope(seedReport('W4JPA1')) as { id: string; document: { expenseEntry: Array<Record<string, unknown>> } };
		changed.id = 'another-fis-document-id';
		expect(normalizeFisExpense(changed, changed.document).source.version).toBe(first);
		changed.document.expenseEntry[0].entryVendorDescription = 'Harbour Hotel';
		expect(normalizeFisExpense(changed, changed.document).source.version).not.toBe(first);
	});
});

describe('audit record', () => {
	it('copies only whitelisted fields and never anything that looks like a secret', () => {
		const record = buildAuditRecord({
			source: { type: 'fis-expense', id: 'R1', fisDocumentId: 'fd1', version: 'sha256:abc', token: 'leak' } as never,
			idempotencyKey: 'CX-R1',
			action: 'created',
			company: '10',
			ifsKeys: { VoucherNo: 2026000123, AccountingYear: '2026', access_token: 'eyJleak', nested: { x: 1 } },
			ifsEtags: { Voucher: 'W/"abc"', Authorization: 'Bearer leak' },
			correlationIds: ['c-1', { secret: 'x' }, 7],
			attempts: 2,
			startedAt: '2026-11-16T09:29:00Z',
			recordedAt: NOW,
			executionId: 'exec-1',
			reasons: [{ message: 'ok', field: 'account', extra: 'password=1' } as never],
			notes: ['n'],
			password: 'hunter2',
		} as never);
		expect(record).toEqual({
			sourceSystem: 'SAP Concur',
			sourceType: 'fis-expense',
			sourceId: 'R1',
			fisDocumentId: 'fd1',
			documentVersion: 'sha256:abc',
			idempotencyKey: 'CX-R1',
			action: 'created',
			company: '10',
			ifsKeys: { VoucherNo: '2026000123', AccountingYear: '2026' },
			ifsEtags: { Voucher: 'W/"abc"' },
			correlationIds: ['c-1', '7'],
			attempts: 2,
			startedAt: '2026-11-16T09:29:00.000Z',
			recordedAt: NOW,
			executionId: 'exec-1',
			reasons: [{ message: 'ok', field: 'account', value: undefined, lineNumber: undefined, entryId: undefined, allocationId: undefined }],
			notes: ['n'],
		});
		expect(JSON.stringify(record)).not.toMatch(/leak|hunter2|password/);
	});
});
