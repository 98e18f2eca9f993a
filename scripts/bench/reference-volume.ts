/**
 * Reference data at tenant scale for the benchmark, seeded into running simulators: `costCenters`
 * code part B values in each of the IFS companies 10, 20 and 30 (every tenth code with "-", 1 %
 * blocked, 1 % expired) and the connected Concur list holding half of them per company (5 % of
 * those under an old name); `vendors` IFS suppliers with invoicing data in all three companies,
 * 60 % of them already in Concur (10 % under an old name). Deterministic.
 */
import type { Simulators } from '../../test/simulators';
import { connectedCompanyMapping, connectedCostCenterList } from '../../test/simulators/seed/connected-list';

export interface ReferenceVolume {
	costCenters: number;
	vendors: number;
}

export const REFERENCE_COMPANIES = connectedCompanyMapping.map((row) => row.ifsCompany);
const CURRENCY: Record<string, string> = { '10': 'USD', '20': 'EUR', '30': 'GBP' };

const pad = (n: number) => String(n).padStart(6, '0');
const costCenterCode = (n: number) => (n % 10 === 0 ? `V-${pad(n)}` : `V${pad(n)}`);
/** Concur code of `costCenterCode(n)` under the template's dash rule (substitute `_`). */
const concurCode = (n: number) => costCenterCode(n).replace('-', '_');

export function seedReferenceVolume(sims: Simulators, volume: ReferenceVolume, today: string): void {
	for (const [index, company] of REFERENCE_COMPANIES.entries()) {
		const rows = [];
		const items = [];
		for (let n = 1; n <= volume.costCenters; n++) {
			const blocked = n % 100 === 1;
			const expired = n % 100 === 2;
			rows.push({ Company: company, CodePart: 'B', CodePartValue: costCenterCode(n), Description: `Cost center ${n}`, ValidFrom: '2020-01-01', ValidUntil: expired ? '2025-12-31' : '2049-12-31', BlockedForPosting: blocked });
			if (n % 2 === 0 || blocked || expired) items.push({ shortCode: concurCode(n), value: n % 40 === 0 ? `Cost center ${n} (old name)` : `Cost center ${n}`, parentCode: connectedCompanyMapping[index].concurCode });
		}
		sims.ifs.seedRows('AccountingCodePartValueSet', rows);
		sims.concur.seedListItems(connectedCostCenterList.listId, items);
	}
	const suppliers = [];
	const invoicing = [];
	const vendors = [];
	for (let n = 1; n <= volume.vendors; n++) {
		const id = `S${pad(n)}`;
		suppliers.push({ SupplierId: id, Name: `Supplier ${n}`, PartyType: 'Supplier', Country: 'US', DefaultLanguage: 'en', CreationDate: today });
		for (const company of REFERENCE_COMPANIES) invoicing.push({ SupplierId: id, Company: company, PayTermId: '30', Currency: CURRENCY[company] });
		if (n % 5 < 3) vendors.push({ vendorCode: id, addressCode: 'MAIN', name: n % 10 === 0 ? `Supplier ${n} (old name)` : `Supplier ${n}`, countryCode: 'US', currencyCode: 'USD' });
	}
	sims.ifs.seedRows('SupplierInfoGeneralSet', suppliers);
	sims.ifs.seedRows('SupplierInvoiceCompanySet', invoicing);
	sims.concur.seedVendors(vendors);
}

/** How far the simulators are from the synced state: every open value live in Concur under its company with its IFS name, every blocked/expired one deactivated, every supplier a vendor. */
export interface ReferenceOutcome {
	costCentersExpected: number;
	costCentersWrong: number;
	deactivatedExpected: number;
	deactivatedWrong: number;
	vendorsExpected: number;
	vendorsWrong: number;
	/** Up to 5 examples of what is wrong. */
	examples: string[];
}

type Item = { id: string; listId: string; shortCode: string; value: string; isDeleted: boolean; parentId: string | null };

export function referenceOutcome(sims: Simulators, volume: ReferenceVolume): ReferenceOutcome {
	const items = (sims.concur.inspect().listItems as Item[]).filter((item) => item.listId === connectedCostCenterList.listId);
	const outcome: ReferenceOutcome = { costCentersExpected: 0, costCentersWrong: 0, deactivatedExpected: 0, deactivatedWrong: 0, vendorsExpected: volume.vendors, vendorsWrong: 0, examples: [] };
	const miss = (counter: 'costCentersWrong' | 'deactivatedWrong' | 'vendorsWrong', example: string) => {
		outcome[counter]++;
		if (outcome.examples.length < 5) outcome.examples.push(example);
	};
	for (const row of connectedCompanyMapping) {
		const parent = items.find((item) => item.parentId === null && item.shortCode === row.concurCode);
		const children = new Map(items.filter((item) => item.parentId === parent?.id).map((item) => [item.shortCode, item]));
		for (let n = 1; n <= volume.costCenters; n++) {
			const item = children.get(concurCode(n));
			const where = `${row.concurCode}-${concurCode(n)}`;
			if (n % 100 === 1 || n % 100 === 2) {
				outcome.deactivatedExpected++;
				if (!item?.isDeleted) miss('deactivatedWrong', `${where} should be deactivated`);
			} else {
				outcome.costCentersExpected++;
				if (!item || item.isDeleted || item.value !== `Cost center ${n}`) miss('costCentersWrong', `${where}: ${item ? `${item.value}${item.isDeleted ? ' (deactivated)' : ''}` : 'missing'}`);
			}
		}
	}
	const vendors = new Map(sims.concur.inspect().vendors.map((vendor) => [vendor.VendorCode, vendor.VendorName]));
	for (let n = 1; n <= volume.vendors; n++) {
		const name = vendors.get(`S${pad(n)}`);
		if (name !== `Supplier ${n}`) miss('vendorsWrong', `vendor S${pad(n)}: ${name ?? 'missing'}`);
	}
	return outcome;
}
