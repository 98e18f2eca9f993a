/**
 * Page fan-out of the scheduled posting templates (issue 16): with *pageSize* > 0 in Settings a
 * run hands its ready FIS documents to its own workflow one page at a time (*Post Next Page*,
 * Execute Workflow on this workflow's id), so every page is an execution of its own: n8n holds at
 * most one page's items, the parent only one summary per page, and a failed page is retried alone.
 * A page enters through *When Called by Another Workflow* with `postOnePage`, reads at most a page
 * of ready documents and goes through the same claim, posting, confirmation, audit and close as an
 * unpaged run; the reference sync, the tables and the recovery sweep stay with the parent.
 */
import { allOutcomesOf } from './ledger';
import { PREVIEWING } from './preview';
import { CONCUR, executeWorkflow, ifTrue, ours, setFields, type Template } from './nodes';

/** The Settings field: 0 (the default) posts every document in one execution; for large runs e.g. 200 (see the README, *Volume*). */
export const PAGE_SETTING = { pageSize: '0' };

const PAGE_TRIGGER = 'When Called by Another Workflow';
const NEXT_PAGE = 'Next Page';
const POST_NEXT_PAGE = 'Post Next Page';
const PAGE_SUMMARY = 'Page Summary';

/** A page run, not one started by a schedule, a user or `n8n execute` (which starts at this trigger, with an empty item). */
const PAGE_RUN = `$('${PAGE_TRIGGER}').isExecuted && String($('${PAGE_TRIGGER}').first().json.postOnePage) === 'true'`;

/**
 * Pages need the workflow's own id to be callable: a manual run calls the saved draft, any other
 * run (schedule, retry) the published version, so an unpublished workflow run that way posts in
 * one execution.
 */
const PAGED = `Number($('Settings').first().json.pageSize) > 0 && !(${PREVIEWING}) && ($execution.mode === 'test' || $workflow.active === true)`;

export interface PageWiring {
	/** The Settings node's successor in a run that is not a page (the reference sync). */
	fullRun: string;
	/** The If node whose output 0 reads FIS, and the node reading every ready document. */
	fisDecision: string;
	fullRead: string;
	docType: 'expense' | 'invoice';
	/** The node that closes the run's claims last (after its "All Outcomes" merge). */
	closed: string;
	/** Where the page read lands (below the full read), and the summary. */
	at: [number, number];
	summaryAt: [number, number];
}

/** The node reading one page: the caller connects it wherever the full read goes (the claim). */
export const pageReadOf = (fullRead: string) => `${fullRead} (Page)`;

/** Adds the fan-out around a posting template's FIS read. */
export function addPageFanOut(template: Template, wiring: PageWiring): void {
	const [x, y] = wiring.at;
	const pageRead = pageReadOf(wiring.fullRead);
	const onePage = 'One Page?';
	const paged = 'Post in Pages?';
	const another = 'Another Page?';
	template.add(PAGE_TRIGGER, 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [0, 2], { inputSource: 'passthrough' });
	ifTrue(template, onePage, [1.6, 0.5], PAGE_RUN);
	template.add(
		pageRead,
		ours('sapConcur'),
		1,
		[x, y + 1],
		{ resource: 'financialDocument', operation: 'getMany', docType: wiring.docType, returnAll: false, limit: "={{ Number($('Settings').first().json.pageSize) }}" },
		{ credentials: CONCUR, executeOnce: true },
	);
	ifTrue(template, paged, [x - 0.5, y - 0.6], PAGED);
	setFields(template, NEXT_PAGE, [x, y - 1.2], { postOnePage: 'true' });
	executeWorkflow(template, POST_NEXT_PAGE, [x + 1, y - 1.2], '={{ $workflow.id }}');
	ifTrue(template, another, [x + 2, y - 1.2], '$json.more === true');
	rewire(template, 'Settings', onePage);
	rewire(template, wiring.fisDecision, paged);
	template
		.connect(PAGE_TRIGGER, 'Settings')
		.connect(onePage, pageRead, 0)
		.connect(onePage, wiring.fullRun, 1)
		.connect(paged, NEXT_PAGE, 0)
		.connect(paged, wiring.fullRead, 1)
		.connect(NEXT_PAGE, POST_NEXT_PAGE)
		.connect(POST_NEXT_PAGE, another)
		.connect(another, NEXT_PAGE, 0);
	addPageSummary(template, pageRead, wiring.closed, wiring.summaryAt);
}

/** Puts `via` between `from`'s output 0 and what it led to (which then hangs off `via`, to be connected by the caller). */
function rewire(template: Template, from: string, via: string) {
	const outputs = template.connections[from]?.main;
	if (!outputs?.[0]?.length) throw new Error(`${template.name}: "${from}" output 0 is connected to nothing`);
	outputs[0] = [{ node: via, type: 'main', index: 0 }];
}

/**
 * The page's answer to *Post Next Page* (the last node a page runs): how many documents it read,
 * and whether a full page means there may be more. *Documents Read* (a count, one item) also feeds
 * the close's waiting merge, so the close, and the summary after it, run also when another run
 * acknowledged every document of this page first and the posting branch ended early: those
 * documents have left the ready list, so the next read makes progress (their claim rows are set
 * aside for the sweep like any unfinished claim). A page that read nothing ends at its read and
 * answers nothing, which stops the run. Single items, so no expression runs per document.
 */
function addPageSummary(template: Template, pageRead: string, closed: string, [x, y]: [number, number]) {
	const documentsRead = 'Documents Read';
	const outcomes = template.nodes.find((node) => node.name === allOutcomesOf(closed));
	if (!outcomes) throw new Error(`${template.name}: no "${allOutcomesOf(closed)}" merge to join`);
	const input = Number(outcomes.parameters.numberInputs);
	outcomes.parameters.numberInputs = input + 1;
	template.add(documentsRead, 'n8n-nodes-base.summarize', 1.1, [x, y], { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] }, options: {} });
	// an unpaged run closes its claims through the same node and reads no page
	const read = `($('${documentsRead}').isExecuted ? $('${documentsRead}').first().json.count_id : 0)`;
	template.add(
		PAGE_SUMMARY,
		'n8n-nodes-base.set',
		3.4,
		[x + 1, y],
		{
			assignments: {
				assignments: [
					{ id: `${template.id}-page-read`, name: 'documentsRead', value: `={{ ${read} }}`, type: 'number' },
					{ id: `${template.id}-page-more`, name: 'more', value: `={{ ${read} >= Math.max(1, Number($('Settings').first().json.pageSize)) }}`, type: 'boolean' },
				],
			},
			options: {},
		},
		{ executeOnce: true },
	);
	template.connect(pageRead, documentsRead).connect(documentsRead, outcomes.name, 0, input).connect(closed, PAGE_SUMMARY);
}
