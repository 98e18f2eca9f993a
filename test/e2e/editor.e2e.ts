/// <reference lib="dom" />
/**
 * The editor in a real browser: Debian's chromium (headless, puppeteer-core) against n8n 2.41.1
 * with the packed package installed as users install it. Signs in, opens every template, the
 * SAP Concur, IFS Cloud and mapping node panels and both credential forms; fails on an unknown
 * node ("install this node"), an icon that does not load, or a panel showing an error.
 * `E2E_SCREENSHOTS=1` refreshes the README's screenshots in docs/images/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

import { startSimulators, type Simulators } from '../simulators';
import { CREDENTIAL_IDS } from '../../scripts/templates/nodes';
import { TEMPLATE_FILES, WORKFLOW_IDS, importCredentials, importTemplates, templateJson, withEssPublicKey, type TemplateName } from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { DEFAULT_OWNER, N8nInstance, projectTarball, PROJECT_ROOT } from './n8n';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IMAGES = path.join(PROJECT_ROOT, 'docs', 'images');
const saveScreenshots = process.env.E2E_SCREENSHOTS === '1';
const PACKAGE_PREFIX = 'n8n-nodes-concur-ifs.';
/** What n8n shows for a node type it does not have, and what a panel shows when it fails. */
const UNKNOWN_NODE = /install this node|unknown node|node is not currently installed|not installed/i;
const PANEL_ERROR = /could not be loaded|problem loading|error loading|unrecognized node type|something went wrong/i;

let sims: Simulators;
let n8n: N8nInstance;
let browser: Browser;
let page: Page;
const brokenIcons: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [await projectTarball()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	const names = Object.keys(TEMPLATE_FILES) as TemplateName[];
	await importTemplates(n8n, names.map((name) => withEssPublicKey(templateJson(name), sims.concur.publicKeyPem)));
	await n8n.start();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run scripts/ensure-chromium.sh (installs Debian's chromium with apt) or set CHROMIUM_PATH`);
	browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
	page = await browser.newPage();
	await page.setViewport({ width: 1440, height: 900 });
	page.on('response', (response) => {
		if (/\/(icons|types)\//.test(response.url()) && response.status() >= 400) brokenIcons.push(`${response.status()} ${response.url()}`);
	});
	page.on('pageerror', (error) => pageErrors.push(String((error as Error).message ?? error)));
	// An opened panel can leave the workflow "changed"; the editor then asks before the next page.goto,
	// and an unanswered beforeunload dialog holds that navigation until it times out.
	page.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await sims?.stop();
});

async function shot(name: string, element?: ElementHandle): Promise<void> {
	if (saveScreenshots) await (element ?? page).screenshot({ path: path.join(IMAGES, `${name}.png`) as `${string}.png`, type: 'png' });
}

const bodyText = async () => await page.evaluate(() => document.body.innerText);

/** Icons of our nodes on the canvas that did not load (an <img> with no pixels). */
async function canvasIconProblems(): Promise<string[]> {
	return await page.evaluate(() =>
		Array.from(document.querySelectorAll('[data-test-id="canvas-node"]')).flatMap((node) => {
			const name = node.getAttribute('data-node-name') ?? '?';
			const images = Array.from(node.querySelectorAll('img'));
			return images.filter((img) => !img.complete || img.naturalWidth === 0).map(() => name);
		}),
	);
}

let nodeTypes: Set<string> | undefined;
/** The node types the editor loaded (`/types/nodes.json`, what it renders nodes and panels from). */
async function editorNodeTypes(): Promise<Set<string>> {
	nodeTypes ??= new Set(
		await page.evaluate(async () => ((await (await fetch('/types/nodes.json', { credentials: 'include' })).json()) as Array<{ name: string }>).map((type) => type.name)),
	);
	return nodeTypes;
}

async function openNode(name: string): Promise<string> {
	const node = await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`, { timeout: 20_000 });
	await node!.click({ count: 2 });
	await page.waitForSelector('[data-test-id="ndv"]', { visible: true, timeout: 20_000 });
	await new Promise((resolve) => setTimeout(resolve, 800));
	return await page.evaluate(() => (document.querySelector('[data-test-id="ndv"]') as HTMLElement).innerText);
}

async function closePanel(): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForSelector('[data-test-id="ndv"]', { hidden: true, timeout: 10_000 }).catch(() => undefined);
}

test('signs in through the form', async () => {
	await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('input[type="email"], input[name="emailOrLdapLoginId"]', { timeout: 60_000 });
	await page.type('input[type="email"], input[name="emailOrLdapLoginId"]', DEFAULT_OWNER.email);
	await page.type('input[type="password"]', DEFAULT_OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 60_000 });
});

describe.each(Object.keys(TEMPLATE_FILES) as TemplateName[])('template %s in the editor', (name) => {
	test('every node is known and every icon loads', async () => {
		const workflow = templateJson(name);
		await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`, { waitUntil: 'networkidle2' });
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
		const onCanvas = await page.$$eval('[data-test-id="canvas-node"]', (nodes) => nodes.map((node) => node.getAttribute('data-node-name')));
		const expected = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name);
		expect(onCanvas.sort()).toEqual(expect.arrayContaining(expected.sort()));
		expect((await bodyText()).match(UNKNOWN_NODE)?.[0]).toBeUndefined();
		// The canvas draws an unknown type like any other node: ask the editor's own type list.
		const known = await editorNodeTypes();
		expect(workflow.nodes.filter((node) => !known.has(node.type)).map((node) => `${node.name}: ${node.type}`)).toEqual([]);
		expect(await canvasIconProblems()).toEqual([]);
		if (name === 'expensePosting') await shot('expense-posting-template');
	});
});

const panels: Array<{ template: TemplateName; node: string; screenshot?: string }> = [
	{ template: 'expensePosting', node: 'Ready Expense Documents' },
	{ template: 'expensePosting', node: 'Map to IFS', screenshot: 'mapping-node' },
	{ template: 'expensePosting', node: 'Post to IFS' },
	{ template: 'referenceSync', node: 'Sync Cost Centers' },
];

describe.each(panels)('$node panel ($template)', ({ template, node, screenshot }) => {
	test('opens without an error', async () => {
		await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_IDS[template]}`, { waitUntil: 'networkidle2' });
		const text = await openNode(node);
		expect(text.match(PANEL_ERROR)?.[0]).toBeUndefined();
		expect(text.match(UNKNOWN_NODE)?.[0]).toBeUndefined();
		if (screenshot) await shot(screenshot);
		await closePanel();
	});
});

describe.each([
	{ id: CREDENTIAL_IDS.concur, fields: ['Client ID', 'Company Request Token', 'Connection Renew By'], screenshot: 'concur-credential' },
	{ id: CREDENTIAL_IDS.ifs, fields: ['Tenant URL', 'Realm', 'Default Company'], screenshot: 'ifs-credential' },
])('credential $id', ({ id, fields, screenshot }) => {
	test('its form opens with its fields', async () => {
		await page.goto(`${n8n.baseUrl}/home/credentials/${id}`, { waitUntil: 'networkidle2' });
		const modal = await page.waitForSelector('[data-test-id="editCredential-modal"]', { visible: true, timeout: 30_000 });
		await new Promise((resolve) => setTimeout(resolve, 800));
		const text = await modal!.evaluate((element) => (element as HTMLElement).innerText);
		for (const field of fields) expect(text).toContain(field);
		expect(text.match(PANEL_ERROR)?.[0]).toBeUndefined();
		// The last of the credential's own fields in view (the Concur one: its renew-by date).
		await modal!.evaluate((element, label) => {
			const labels = Array.from(element.querySelectorAll('label, span, div')).filter((candidate) => candidate.childElementCount === 0 && candidate.textContent?.includes(label));
			labels[0]?.scrollIntoView({ block: 'center' });
		}, fields[fields.length - 1]);
		await new Promise((resolve) => setTimeout(resolve, 300));
		await shot(screenshot, modal!);
		await page.keyboard.press('Escape');
	});
});

test('no icon request failed and the page threw nothing', () => {
	expect(brokenIcons).toEqual([]);
	expect(pageErrors.filter((message) => message.includes(PACKAGE_PREFIX))).toEqual([]);
});
