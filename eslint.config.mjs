import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

// The community-node rules apply to everything that ships (credentials/, nodes/, package.json).
// Tests, simulators and developer scripts run on the developer's Node, not inside n8n.
export default [globalIgnores(['test/**', 'scripts/**', 'dist/**', 'coverage/**', 'tmp/**']), ...config];
