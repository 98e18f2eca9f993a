/** The n8n 1.x templates (workflows/n8n-1.x/) are the generated ones, with every Data table node usable on 1.123's version 1. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { TEMPLATES } from '../../scripts/templates/build';
import { N8N_1X_DIR, TABLE_ID_PLACEHOLDER, forN8n1x } from '../../scripts/templates/n8n-1x';

describe.each(Object.keys(TEMPLATES))('n8n 1.x template %s', (name) => {
	const committed = readFileSync(path.join(N8N_1X_DIR, `${name}.json`), 'utf8');
	const workflow = JSON.parse(committed) as ReturnType<typeof forN8n1x>;

	it('is what the generator produces (run `npm run templates` after changing one)', () => {
		expect(committed).toBe(`${JSON.stringify(forN8n1x(TEMPLATES[name]().toJSON()), null, '\t')}\n`);
	});

	it('has only version-1 Data table nodes that name their table by an id placeholder and never create one', () => {
		for (const node of workflow.nodes.filter((candidate) => candidate.type === 'n8n-nodes-base.dataTable')) {
			expect([node.name, node.typeVersion, node.parameters.resource]).toEqual([node.name, 1, 'row']);
			expect(node.parameters.dataTableId).toEqual({ __rl: true, mode: 'id', value: expect.stringMatching(new RegExp(`^${TABLE_ID_PLACEHOLDER('concur_ifs_(audit|ledger)')}$`)) });
		}
	});
});
