/** Concur purchase request → IFS purchase requisition (no-part lines). */
import type { CanonicalPurchaseRequest, CanonicalPurchaseRequestLine } from '../../../shared/canonical';
import type { PurchaseRequisitionPosting, RequisitionLine } from '../../../shared/postings';
import { cleanText } from '../../../shared/text';
import { documentReason, lineReason, type MappedDocument, type RowTrace } from '../reasons';
import { supplierIdFor } from './invoice';
import { type MapContext, renderTemplate, resolveAccount, resolveCostCenter } from './resolve';

/** Account and cost center go on the line only when the mapping sends them (and only then are they validated). */
function lineAccounting(request: CanonicalPurchaseRequest, line: CanonicalPurchaseRequestLine, trace: RowTrace, context: MapContext): Pick<RequisitionLine, 'account' | 'codeParts'> {
	const { config } = context;
	if (!config.requisitionAccounting) return {};
	const allocation = line.allocations[0];
	const account = resolveAccount(config, context.company, line.expenseTypeCode, allocation?.concurAccountCode ?? line.concurAccountCode);
	const costCenter = resolveCostCenter(context, { allocation: allocation?.fields ?? {}, line: line.fields, report: request.companyHints, employee: request.employee.fields });
	if (costCenter?.problem !== undefined) context.reasons.push(lineReason(trace, 'costCenter', '', costCenter.problem));
	else if (costCenter === undefined && config.costCenterRequired) {
		context.reasons.push(lineReason(trace, 'costCenter', '', 'no cost center found on the purchase request line — fill it in Concur or change the cost-center source'));
	}
	return { account, codeParts: costCenter?.code === undefined ? undefined : { [config.costCenterCodePart]: costCenter.code } };
}

function requisitionLine(request: CanonicalPurchaseRequest, line: CanonicalPurchaseRequestLine, trace: RowTrace, context: MapContext): RequisitionLine {
	return {
		description: cleanText(line.description, 200),
		quantity: line.quantity,
		unitPrice: line.unitPrice,
		currency: request.currency,
		wantedReceiptDate: line.neededByDate ?? request.dates.neededByDate,
		...lineAccounting(request, line, trace, context),
		supplierId: line.vendorCode === undefined ? undefined : supplierIdFor(context.config, line.vendorCode),
	};
}

function requisitioner(request: CanonicalPurchaseRequest, context: MapContext): string {
	const { config } = context;
	if (config.requisitionerSource === 'fixed') return config.fixedRequisitioner;
	const value = request.employee.fields[config.requisitionerField];
	if (!value) context.reasons.push(documentReason(config.requisitionerField, '', `the requester has no "${config.requisitionerField}" to use as IFS requisitioner — fill it in Concur or set a fixed requisitioner`));
	return value ?? '';
}

export function mapPurchaseRequest(request: CanonicalPurchaseRequest, context: MapContext): MappedDocument {
	const { config } = context;
	const site = config.companySites.find((row) => row.company === context.company)?.site ?? '';
	if (!site && context.company) context.reasons.push(documentReason('site', context.company, `IFS company ${context.company} has no site in the company-site table — add one for requisitions`));
	if (request.workflowStatus && request.workflowStatus.toLowerCase() !== 'approved') {
		context.reasons.push(documentReason('purchaseRequestWorkflowStatus', request.workflowStatus, `the purchase request is "${request.workflowStatus}", not approved — only approved requests become requisitions`));
	}
	const trace = request.lines.map((line): RowTrace => ({ role: 'requisitionLine', lineNumbers: [line.lineNumber], entryId: line.lineId }));
	const values = { purchaseRequestNumber: request.purchaseRequestNumber, purchaseRequestId: request.purchaseRequestId, description: request.description, employeeName: request.employee.name };
	const posting: PurchaseRequisitionPosting = {
		kind: 'purchaseRequisition',
		company: context.company,
		reference: context.reference,
		site,
		requisitioner: requisitioner(request, context),
		buyerCode: config.buyerCode || undefined,
		requisitionDate: request.dates.requestDate ?? context.today,
		text: renderTemplate(config.requisitionTextTemplate, values) || request.purchaseRequestNumber,
		lines: request.lines.map((line, index) => requisitionLine(request, line, trace[index], context)),
		source: request.source,
	};
	return { document: request, posting, trace, reasons: context.reasons, notes: [...request.notes, ...context.notes] };
}
