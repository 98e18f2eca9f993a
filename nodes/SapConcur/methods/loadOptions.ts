export { getLists } from '../../shared/concur/lists';
