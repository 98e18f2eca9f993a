import { typedGet } from '../typed';
import { purchaseRequisitionEntity } from './entity';

export const { description, execute } = typedGet(purchaseRequisitionEntity);
