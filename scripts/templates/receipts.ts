/**
 * Receipts after posting: the images of each posted expense document's receipts, read from
 * Concur and attached to its IFS voucher once. Placed below the audit and claim nodes, so n8n
 * runs it after the posting is recorded; a receipt that cannot be attached leaves on *Not
 * Attached* with its reason and never touches the posting or what Concur is told.
 */
import { CONCUR, IFS, ours, type Template } from './nodes';

export const RECEIPTS_NOTE = `## Receipts
After posting, **Receipts of Posted Documents** downloads the receipt images of every posted expense report (streamed, up to *Max Size*) and **Attach Receipts in IFS** attaches each to the report's IFS voucher through document management, once: a rerun or *Retry execution* finds what is attached and adds only what is missing.
A receipt Concur no longer has, one above the size limit or one IFS refuses leaves on *Not Attached* with its reason; the posting and Concur's confirmation are never affected. Set the document class and the document-management names in *Attach Receipts in IFS* (*Document Management Settings*).`;

/** Adds the receipts step at column x, row y, fed by `from` (items with `posting` and `result`). */
export function receiptsPath(template: Template, from: string, x: number, y: number): Template {
	return template
		.add('Receipts of Posted Documents', ours('sapConcur'), 1, [x, y], { resource: 'receipt', operation: 'getForPostings', binaryPropertyName: 'data', receiptOptions: {} }, { credentials: CONCUR })
		.add('Attach Receipts in IFS', ours('ifsCloud'), 1, [x + 1, y], { resource: 'attachment', operation: 'attachToVoucher', attachmentSettings: {}, requestSettings: {} }, { credentials: IFS })
		.connect(from, 'Receipts of Posted Documents')
		.connect('Receipts of Posted Documents', 'Attach Receipts in IFS')
		.note(RECEIPTS_NOTE, [x, y + 0.6], [560, 220]);
}
