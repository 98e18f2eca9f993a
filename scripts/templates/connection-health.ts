/** Template 07: keeps the SAP Concur connection alive and warns, naming the date, before it lapses. */
import { CONCUR, Template, WORKFLOW_IDS, manualTrigger, ours } from './nodes';

const NOTE = `## Concur connection health
SAP Concur drops a connection whose refresh token has not been used for six months. Every Monday this workflow uses the connection, so n8n refreshes its token and SAP Concur moves the renew-by date (shown in the credential as *Connection Renew By*).

It fails — with the credential's name, the date and how to reconnect — when the connection cannot be refreshed or must be renewed within *Fail When Fewer Days Left* (30 days) anyway. Set an error workflow (Workflow Settings) to be told, and publish this workflow.`;

export function connectionHealthTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.connectionHealth, 'Concur: Connection Health')
		.add('Every Monday', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 0], { rule: { interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 6 }] } })
		.add('Check and Renew the Concur Connection', ours('sapConcur'), 1, [1, 0.5], { resource: 'connection', operation: 'check', minDaysLeft: 30 }, { credentials: CONCUR });
	manualTrigger(template, [0, 1]);
	return template
		.connect('Every Monday', 'Check and Renew the Concur Connection')
		.connect('Run Now', 'Check and Renew the Concur Connection')
		.note(NOTE, [0, -1.6], [560, 240]);
}
