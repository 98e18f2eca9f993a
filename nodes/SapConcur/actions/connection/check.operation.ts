import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { assessRenewal, renewSoonMessage, renewalFailedMessage } from '../../../shared/concur/renewal';
import { CONCUR_CREDENTIAL, concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Fail When Fewer Days Left',
		name: 'minDaysLeft',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 1 },
		description: 'The run fails, naming the credential and the date, when the connection must be renewed within this many days even after a refresh',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['connection'], operation: ['check'] } }, properties);

async function storedRenewBy(this: IExecuteFunctions): Promise<string> {
	return String((await this.getCredentials(CONCUR_CREDENTIAL)).connectionRenewBy ?? '');
}

/** One authenticated call: when the hour-long access token has lapsed, n8n refreshes it, which moves the renew-by date. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credential = this.getNode().credentials?.[CONCUR_CREDENTIAL]?.name ?? 'SAP Concur';
	const before = await storedRenewBy.call(this);
	try {
		await concurRequest.call(this, { path: '/profile/v1/me' });
	} catch (error) {
		throw new NodeOperationError(this.getNode(), renewalFailedMessage(credential, before, (error as Error).message));
	}
	const renewBy = await storedRenewBy.call(this);
	const state = assessRenewal(renewBy, Date.now(), Number(this.getNodeParameter('minDaysLeft', 0, 30)));
	if (state.status === 'renewSoon') throw new NodeOperationError(this.getNode(), renewSoonMessage(credential, state.renewBy, state.daysLeft));
	if (state.status === 'unknown') {
		return [{ json: { credential, connected: true, renewBy: null, message: 'SAP Concur has not stated a renew-by date for this connection yet; it is stored with the next token refresh' } }];
	}
	return [{ json: { credential, connected: true, renewBy: state.renewBy, daysLeft: state.daysLeft, refreshed: renewBy !== before } }];
}
