import { typedUpdate } from '../typed';
import { supplierEntity } from './entity';
import { invoicingProperties, writeInvoicing } from './invoicing';

/** Supplier fields with the supplier's ETag; invoicing data with its own ETag (created when missing). */
export const { description, execute } = typedUpdate(supplierEntity, invoicingProperties, writeInvoicing);
