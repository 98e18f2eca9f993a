/**
 * The one way a jest test file (or describe block) gets a simulator: started before its tests,
 * reset to its seed before each test, stopped after the last one, so no server outlives them.
 *
 *   let sim: IfsSimulator;
 *   let c: TestClient;
 *   useIfsSimulator((started) => ({ sim, client: c } = started));
 *
 *   let concur: ConcurSimulator;
 *   useConcurSimulator((started) => (concur = started), { simulator: { seed: 42 } });
 *
 *   let sims: Simulators;                       // both, with their n8n credential data
 *   useSimulators((started) => (sims = started));
 *
 * Call it before the file's own beforeEach hooks: jest runs hooks in the order they are declared,
 * so a test's own set-up sees the freshly reset simulator.
 */
import { startSimulators, type Simulators } from './index';
import { startConcurSimulator, type ConcurSimulator, type ConcurSimulatorOptions } from './concur';
import { startIfsSimulator, type IfsSimulator, type IfsSimulatorOptions } from './ifs';
import { TestClient } from './ifs/testClient';

export interface UseSimulatorOptions<Options> {
	simulator?: Options;
	/** Default true; false keeps what one test wrote for the next (e.g. data seeded in beforeAll). */
	resetBeforeEach?: boolean;
}

/** The IFS simulator plus a client holding a token of its default IAM client. */
export function useIfsSimulator(
	receive: (started: { sim: IfsSimulator; client: TestClient }) => void,
	options: UseSimulatorOptions<IfsSimulatorOptions> = {},
): void {
	let sim: IfsSimulator | undefined;
	beforeAll(async () => {
		sim = await startIfsSimulator(options.simulator);
		receive({ sim, client: await TestClient.connect(sim) });
	});
	if (options.resetBeforeEach !== false) beforeEach(() => sim?.reset());
	afterAll(async () => await sim?.stop());
}

export function useConcurSimulator(receive: (sim: ConcurSimulator) => void, options: UseSimulatorOptions<ConcurSimulatorOptions> = {}): void {
	let sim: ConcurSimulator | undefined;
	beforeAll(async () => {
		sim = await startConcurSimulator(options.simulator);
		receive(sim);
	});
	if (options.resetBeforeEach !== false) beforeEach(() => sim?.reset());
	afterAll(async () => await sim?.stop());
}

export function useSimulators(receive: (sims: Simulators) => void, options: UseSimulatorOptions<Parameters<typeof startSimulators>[0]> = {}): void {
	let sims: Simulators | undefined;
	beforeAll(async () => {
		sims = await startSimulators(options.simulator);
		receive(sims);
	});
	if (options.resetBeforeEach !== false)
		beforeEach(() => {
			sims?.concur.reset();
			sims?.ifs.reset();
		});
	afterAll(async () => await sims?.stop());
}
