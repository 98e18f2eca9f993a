import { typedDelete } from '../typed';
import { codePartValueEntity } from './entity';

export const { description, execute } = typedDelete(codePartValueEntity);
