/** The rows of an n8n data table, read over n8n's REST API as the editor's Data tables page does (undefined when there is no such table). */
import type { N8nInstance } from './n8n';

type Row = Record<string, unknown>;

export async function dataTableRows(n8n: N8nInstance, name: string): Promise<Row[] | undefined> {
	const tables = (await n8n.rest.get('/data-tables-global', { params: { take: 100, skip: 0 } })).data.data as { data: Array<{ id: string; name: string; projectId: string }> };
	const table = tables.data.find((candidate) => candidate.name === name);
	if (!table) return undefined;
	const rows = (await n8n.rest.get(`/projects/${table.projectId}/data-tables/${table.id}/rows`, { params: { take: 1000, skip: 0 } })).data.data as { count: number; data: Row[] };
	if (rows.count > rows.data.length) throw new Error(`data table ${name} has ${rows.count} rows; read ${rows.data.length}`);
	return rows.data;
}
