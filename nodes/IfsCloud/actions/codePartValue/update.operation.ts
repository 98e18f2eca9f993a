import { typedUpdate } from '../typed';
import { codePartValueEntity } from './entity';

export const { description, execute } = typedUpdate(codePartValueEntity);
