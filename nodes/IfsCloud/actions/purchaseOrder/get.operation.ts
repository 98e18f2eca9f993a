import { typedGet } from '../typed';
import { purchaseOrderEntity } from './entity';

export const { description, execute } = typedGet(purchaseOrderEntity);
