import { codeRuleProblem, codeTranslator, concurKey, DEFAULT_CODE_RULE, type CodeRule } from '../../nodes/shared/code-rules';

const substitute: CodeRule = DEFAULT_CODE_RULE;
const drop: CodeRule = { dashRule: 'drop', substitute: '', table: [] };

describe('code rules: one translator for the sync and the mapping node', () => {
	it('substitutes "-" and reads it back, also for codes IFS does not have yet', () => {
		const translator = codeTranslator(substitute, ['CC-400', 'A-B-C', 'PLAIN']);
		for (const code of ['CC-400', 'A-B-C', 'PLAIN']) {
			const concur = translator.toConcur(code);
			expect(concur.code).not.toContain('-');
			expect(translator.toIfs(concur.code!)).toEqual({ code });
		}
		expect(translator.toIfs('NEW_1')).toEqual({ code: 'NEW-1' });
		expect(translator.toIfs('cc_400')).toEqual({ code: 'CC-400' });
	});

	it('keeps an IFS code that already holds the substitute, as long as no other code becomes the same Concur code', () => {
		const translator = codeTranslator(substitute, ['CC_401']);
		expect(translator.toConcur('CC_401')).toEqual({ code: 'CC_401' });
		expect(translator.toIfs('CC_401')).toEqual({ code: 'CC_401' });
	});

	it('drops "-" and reads the Concur code back through the IFS codes it came from', () => {
		const translator = codeTranslator(drop, ['K-100', 'K200']);
		expect(translator.toConcur('K-100')).toEqual({ code: 'K100' });
		expect(translator.toIfs('K100')).toEqual({ code: 'K-100' });
		expect(translator.toIfs('K200')).toEqual({ code: 'K200' });
		expect(translator.toIfs('K300')).toEqual({ code: 'K300' }); // Concur-born: nothing to restore
		expect(codeTranslator(drop, ['-']).toConcur('-').problem).toMatch(/empty/);
	});

	it('reports two IFS codes that would share one Concur code as a conflict for both, in both directions, never picking one', () => {
		for (const [rule, codes, concurCode] of [
			[drop, ['K-100', 'K100'], 'K100'],
			[substitute, ['CC-1', 'CC_1'], 'CC_1'],
			[substitute, ['cc100', 'CC100'], 'CC100'],
		] as const) {
			const translator = codeTranslator(rule, codes);
			for (const code of codes) expect(translator.toConcur(code)).toEqual({ code: expect.any(String), problem: expect.stringMatching(/all become Concur code/) });
			expect(translator.toIfs(concurCode).code).toBeUndefined();
			expect(translator.toIfs(concurCode).problem).toMatch(/translation table/);
		}
	});

	it('lets an explicit translation win over the rule in both directions, and resolves a collision through it', () => {
		const rule: CodeRule = { ...drop, table: [{ ifsCode: 'K100', concurCode: 'K100X' }] };
		const translator = codeTranslator(rule, ['K-100', 'K100']);
		expect(translator.toConcur('K100')).toEqual({ code: 'K100X' });
		expect(translator.toConcur('K-100')).toEqual({ code: 'K100' });
		expect(translator.toIfs('k100x')).toEqual({ code: 'K100' });
		expect(translator.toIfs('K100')).toEqual({ code: 'K-100' });
	});

	it('refuses codes with "-" when substituting with nothing, and rules that cannot work', () => {
		expect(codeTranslator({ ...substitute, substitute: '' }, ['CC-400']).toConcur('CC-400').problem).toMatch(/no dash substitute/);
		expect(codeRuleProblem({ ...substitute, substitute: '-' })?.part).toBe('substitute');
		expect(codeRuleProblem({ ...substitute, substitute: '__' })?.part).toBe('substitute');
		expect(codeRuleProblem({ ...drop, table: [{ ifsCode: 'A', concurCode: 'A-1' }] })?.part).toBe('table');
		expect(codeRuleProblem(drop)).toBeUndefined();
	});

	it('compares Concur codes without case and list item ids with or without dashes', () => {
		expect(concurKey('Cc100')).toBe(concurKey('CC100'));
		expect(concurKey('582ae31d-0f50-6c4b-aa97-573f2a90f03b')).toBe(concurKey('582AE31D0F506C4BAA97573F2A90F03B'));
		const translator = codeTranslator({ ...substitute, table: [{ ifsCode: 'CC-400', concurCode: '582ae31d-0f50-6c4b-aa97-573f2a90f03b' }] }, ['CC-400']);
		expect(translator.toIfs('582AE31D0F506C4BAA97573F2A90F03B')).toEqual({ code: 'CC-400' });
		// an id only reads back: the code itself still goes through the rule
		expect(translator.toConcur('CC-400')).toEqual({ code: 'CC_400' });
		expect(translator.toIfs('CC_400')).toEqual({ code: 'CC-400' });
	});

	it('keeps vendor codes as they are when there is no rule', () => {
		const translator = codeTranslator(null, ['V-1000']);
		expect(translator.toConcur('V-1000')).toEqual({ code: 'V-1000' });
		expect(translator.toIfs('v-1000')).toEqual({ code: 'V-1000' });
	});
});
