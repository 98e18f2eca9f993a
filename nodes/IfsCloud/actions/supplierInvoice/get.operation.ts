import { typedGet } from '../typed';
import { supplierInvoiceEntity } from './entity';

export const { description, execute } = typedGet(supplierInvoiceEntity);
