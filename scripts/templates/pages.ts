/**
 * Page fan-out of the scheduled posting templates (issue 16): with *pageSize* > 0 in Settings a
 * run hands its ready FIS documents to its own workflow one page at a time (*Post Next Page*,
 * Execute Workflow on this workflow's id), so every page is an execution of its own: n8n holds at
 * most one page's items, the parent only one summary per page, and a failed page is retried alone.
 * A page enters through *When Called by Another Workflow* with `postOnePage`, reads at most a page
 * of ready documents and goes through the same claim, posting, confirmation, audit and close as an
 * unpaged run; the reference sync, the tables and the recovery sweep stay with the parent.
 */
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
	/** The FIS acknowledgement (the claim): it leaves out documents another run acknowledged first. */
	acknowledge: string;
	/** The node that closes the run's claims last. */
	closed: string;
	/** Where the page read lands (below the full read), and the summary (after the close). */
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
	template.add(PAGE_SUMMARY, 'n8n-nodes-base.code', 2, wiring.summaryAt, { jsCode: pageSummaryCode(pageRead) });
	answerWhenAllClaimedElsewhere(template, wiring.acknowledge);
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
		.connect(another, NEXT_PAGE, 0)
		.connect(wiring.closed, PAGE_SUMMARY);
}

/**
 * A page whose documents were all acknowledged first by another run (two runs, or two workers,
 * reading the same ready list) still answers, so its run goes on with the next page instead of
 * stopping: those documents have left FIS's ready list, so reading again makes progress. The
 * acknowledgement then outputs one empty item, which only the summary gets.
 */
function answerWhenAllClaimedElsewhere(template: Template, acknowledge: string) {
	const anyAcknowledged = 'Acknowledged Any?';
	const node = template.nodes.find((candidate) => candidate.name === acknowledge);
	if (!node) throw new Error(`${template.name}: no node named "${acknowledge}"`);
	node.alwaysOutputData = true;
	const next = template.connections[acknowledge]?.main?.[0] ?? [];
	ifTrue(template, anyAcknowledged, [node.position[0] / 240 + 0.5, node.position[1] / 200 + 0.8], 'Object.keys($json).length > 0');
	rewire(template, acknowledge, anyAcknowledged);
	for (const target of next) template.connect(anyAcknowledged, target.node, 0, target.index);
	template.connect(anyAcknowledged, PAGE_SUMMARY, 1);
}

/** Puts `via` between `from`'s output 0 and what it led to (which then hangs off `via`, to be connected by the caller). */
function rewire(template: Template, from: string, via: string) {
	const outputs = template.connections[from]?.main;
	if (!outputs?.[0]?.length) throw new Error(`${template.name}: "${from}" output 0 is connected to nothing`);
	outputs[0] = [{ node: via, type: 'main', index: 0 }];
}

/**
 * The page's answer to *Post Next Page* (the last node a page runs): a full page means there may
 * be more. A page that read nothing ends at its read and answers nothing, which stops the run.
 */
function pageSummaryCode(pageRead: string): string {
	const read = JSON.stringify(pageRead);
	return `// After the claims are closed, or when another run acknowledged every document of this page first. A page that read nothing never gets here, and its run stops.
const read = $(${read}).isExecuted ? $(${read}).all().length : 0;
const pageSize = Number($('Settings').first().json.pageSize);
return [{ json: { documentsRead: read, more: read > 0 && read >= pageSize } }];`;
}
