import { DateTime } from 'luxon';

import type { VoucherDateRule } from '../mapping-config';
import { documentReason } from '../reasons';
import type { MapContext } from './resolve';

const RULE_LABEL: Record<VoucherDateRule, string> = {
	reportDate: 'report date',
	submitDate: 'submit date',
	processingDate: 'payment processing date',
	postingDate: 'posting date',
};

/** The date the voucher date rule picks; a reason (and '') when the document lacks it. */
export function voucherDate(rule: VoucherDateRule, dates: Partial<Record<VoucherDateRule, string>>, context: MapContext): string {
	const picked = rule === 'postingDate' ? (dates.postingDate ?? context.today) : dates[rule];
	if (picked) return picked;
	context.reasons.push(documentReason('voucherDate', '', `the document has no ${RULE_LABEL[rule]} for the voucher date — choose another voucher date rule`));
	return '';
}

export function addDays(isoDate: string, days: number): string | undefined {
	const start = DateTime.fromISO(isoDate, { zone: 'utc' });
	return start.isValid ? (start.plus({ days }).toISODate() ?? undefined) : undefined;
}
