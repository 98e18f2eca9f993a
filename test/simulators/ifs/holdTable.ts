/**
 * IFS's voucher hold table: vouchers created from external vouchers wait there until the "Update
 * GL" process runs (reference §5.4); VoucherRowsAnalysis shows them only afterwards. The created
 * voucher numbers are visible at once on the external voucher transactions.
 */
import type { HookContext, Row } from './model';
import { VOUCHER_ROW_KEYS } from './projections/voucherRows';
import { keyString, type Store } from './store';

export const HOLD_TABLE = 'VoucherHoldRows';
const GENERAL_LEDGER = 'VoucherRowSet';

/** A created voucher row lands in the hold table (or straight in the GL when the simulator is set to `updateGl: 'onCreate'`). */
export function holdVoucherRow(ctx: HookContext, row: Row): void {
	ctx.db.insert(ctx.options.updateGl === 'onCreate' ? GENERAL_LEDGER : HOLD_TABLE, keyString(VOUCHER_ROW_KEYS, row), row);
}

export function heldVoucherRows(db: Store): Row[] {
	return db.rows(HOLD_TABLE).map((stored) => ({ ...stored.data }));
}

/** "Update GL": every held voucher moves to the general ledger; returns how many vouchers moved. */
export function updateGl(db: Store): number {
	const held = db.rows(HOLD_TABLE);
	for (const stored of held) {
		const key = keyString(VOUCHER_ROW_KEYS, stored.data);
		db.insert(GENERAL_LEDGER, key, stored.data);
		db.remove(HOLD_TABLE, key);
	}
	return new Set(held.map((stored) => `${String(stored.data.Company)}|${String(stored.data.VoucherType)}|${String(stored.data.VoucherNo)}`)).size;
}
