/** IFS simulator + credential + one IFS Cloud node fed with pinned input items. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { IfsPosting, JournalEntryPosting, SupplierInvoicePosting } from '../../../nodes/shared/postings';
import { ifsCredentialData } from '../../simulators';
import { startIfsSimulator, type IfsSimulator, type IfsSimulatorOptions } from '../../simulators/ifs';
import { CredentialStore, linearWorkflow, runWorkflow, type RunResult, type WorkflowNode } from '../harness';

export const IFS_NODE = 'IFS Cloud';
export const IFS_TYPE = 'n8n-nodes-concur-ifs.ifsCloud';

export interface IfsTestBed {
	sim: IfsSimulator;
	store: CredentialStore;
	run(parameters: IDataObject, input?: IDataObject[], onError?: WorkflowNode['onError']): Promise<RunResult>;
}

export async function startIfsTestBed(options: IfsSimulatorOptions = {}, credential: IDataObject = {}): Promise<IfsTestBed> {
	const sim = await startIfsSimulator(options);
	const store = new CredentialStore();
	store.add('i1', 'ifsCloudOAuth2Api', { ...ifsCredentialData(sim), ...credential } as ICredentialDataDecryptedObject);
	return {
		sim,
		store,
		run: async (parameters, input = [{}], onError) => {
			const workflow = linearWorkflow([
				{ name: IFS_NODE, type: IFS_TYPE, parameters, credentials: { ifsCloudOAuth2Api: store.reference('i1') }, onError },
			]);
			workflow.pinData = { 'Manual Trigger': input.map((json): INodeExecutionData => ({ json })) };
			return await runWorkflow(workflow, { credentials: store });
		},
	};
}

const source = (id: string): IfsPosting['source'] => ({ system: 'SAP Concur', type: 'fis-expense', id, fisDocumentId: `FD-${id}`, fisDocType: 'expense', version: 'sha256:1' });

/** A balanced two-row expense voucher in company 10 (USD) on an open period. */
export function journalEntry(id: string, overrides: Partial<JournalEntryPosting> = {}, account = '6110'): JournalEntryPosting {
	return {
		kind: 'journalEntry',
		company: '10',
		reference: `CX-${id}`,
		voucherType: 'X',
		voucherDate: '2026-11-12',
		text: `Concur report ${id}`,
		rows: [
			{ account, codeParts: { CodeB: 'CC100' }, currency: 'USD', debit: '412.50', text: 'Hotel' },
			{ account: '2410', codeParts: {}, currency: 'USD', credit: '412.50', text: 'Employee payable' },
		],
		source: source(id),
		...overrides,
	};
}

export function supplierInvoice(id: string, overrides: Partial<SupplierInvoicePosting> = {}): SupplierInvoicePosting {
	return {
		kind: 'supplierInvoice',
		company: '10',
		reference: `CI-${id}`,
		supplierId: '1000',
		invoiceNo: `INV-${id}`,
		invoiceDate: '2026-11-02',
		currency: 'USD',
		netAmount: '50.00',
		vatAmount: '0.00',
		purchaseOrderReference: 'P1001',
		text: 'Printer paper',
		lines: [{ account: '6200', codeParts: { CodeB: 'CC100' }, amount: '50.00', text: 'Printer paper' }],
		source: { ...source(id), type: 'fis-invoice', fisDocType: 'invoice' },
		...overrides,
	};
}

export const postingItem = (posting: IfsPosting): IDataObject => ({
	posting: posting as unknown as IDataObject,
	audit: { sourceSystem: 'SAP Concur', sourceId: posting.source.id, action: 'mapped', notes: ['mapped by test'] },
});

export const POST = { resource: 'posting', operation: 'post' };
