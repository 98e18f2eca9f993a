/** SupplierHandling: suppliers and their per-company invoicing data (SupplierInvoiceCompanies). */
import { businessError } from '../errors';
import type { ProjectionDef } from '../model';
import { date, enm, INSERT_ONLY, SERVER, str } from './props';
import { checkCurrency, companyCurrency, requireCompanyAccess } from './rules';

const LU = 'SupplierInfoGeneral';

export const supplierHandling: ProjectionDef = {
	name: 'SupplierHandling',
	enums: [{ name: 'PartyType', members: ['Supplier', 'Customer', 'Company', 'Employee'] }],
	entities: [
		{
			set: 'SupplierInfoGeneralSet',
			type: 'SupplierInfoGeneral',
			lu: LU,
			keys: ['SupplierId'],
			navs: [{ name: 'SupplierInvoiceCompanies', target: 'SupplierInvoiceCompanySet' }],
			props: [
				str('SupplierId', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				str('Name', { mandatory: true, maxLength: 100 }),
				enm('PartyType', 'PartyType', { ...INSERT_ONLY, mandatory: true }),
				str('Country', { maxLength: 2 }),
				str('DefaultLanguage', { maxLength: 2 }),
				date('CreationDate', SERVER),
			],
			prepareInsert: (ctx, row) => {
				row.PartyType ??= 'Supplier';
				row.DefaultLanguage ??= 'en';
				row.CreationDate = ctx.db.clock.today();
			},
			validateDelete: (ctx, row) => {
				const used =
					ctx.db.rows('ManSuppInvoiceSet').some((r) => r.data.Identity === row.SupplierId) ||
					ctx.db.rows('PurchaseOrderSet').some((r) => r.data.VendorNo === row.SupplierId);
				if (used) throw businessError(LU, 'INUSE', `Supplier ${row.SupplierId} is used by purchase orders or supplier invoices and cannot be removed.`);
			},
		},
		{
			set: 'SupplierInvoiceCompanySet',
			type: 'SupplierInvoiceCompany',
			lu: 'IdentityInvoiceInfo',
			keys: ['SupplierId', 'Company'],
			companyOf: (row) => String(row.Company),
			props: [
				str('SupplierId', { ...INSERT_ONLY, mandatory: true }),
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				str('PayTermId', { mandatory: true, maxLength: 20 }),
				str('Currency', { mandatory: true, maxLength: 3 }),
			],
			prepareInsert: (ctx, row) => {
				row.PayTermId ??= '30';
				row.Currency ??= companyCurrency(ctx.db, row.Company);
			},
			validateInsert: (ctx, row) => {
				requireCompanyAccess(ctx, row.Company);
				checkCurrency(ctx, 'IdentityInvoiceInfo', row.Company, row.Currency);
			},
			validateUpdate: (ctx, row) => checkCurrency(ctx, 'IdentityInvoiceInfo', row.Company, row.Currency),
		},
	],
};
