/** The mapping a finance user would enter for the seeded scenario: the one the templates ship with. */
export { exampleMapping as scenarioMappingParameters } from '../../../scripts/templates/example-mapping';
