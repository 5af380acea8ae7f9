/**
 * The emulator's page (emulator/control/page/) as a user works it: by its `data-test-id`s, listed
 * at the top of emulator/control/page/page.ts. Every reader waits for what a user would wait for
 * (the page refreshes itself), bounded in time.
 */
import type { Locator, Page } from 'playwright-core';

const SHOWN_MS = 15_000;

export interface EndpointShown {
	id: string;
	url: string;
	enabled: boolean;
	events: string[];
}

export interface DeliveryShown {
	seq: number;
	eventName: string;
	url: string;
	status: number | undefined;
	outcome: string;
}

export async function openEmulatorPage(page: Page, pageUrl: string): Promise<void> {
	await page.goto(pageUrl);
	// The first refresh has run once the org id is filled in.
	await page.getByTestId('org-id').filter({ hasText: /\S/ }).waitFor({ timeout: SHOWN_MS });
}

export async function orgShown(page: Page): Promise<string> {
	return (await page.getByTestId('org-id').innerText()).trim();
}

export async function pageError(page: Page): Promise<string> {
	const box = page.getByTestId('page-error');
	return (await box.isVisible()) ? (await box.innerText()).trim() : '';
}

/** An element's `data-status`: the HTTP status it shows, or undefined where there was no answer. */
async function statusOf(element: Locator): Promise<number | undefined> {
	const status = await element.getAttribute('data-status');
	return status === null || status === '' ? undefined : Number(status);
}

async function cellTexts(row: Locator): Promise<string[]> {
	return (await row.locator('td').allInnerTexts()).map((text) => text.trim());
}

export async function endpointsShown(page: Page): Promise<EndpointShown[]> {
	const rows = await page.getByTestId('endpoint-row').all();
	return await Promise.all(
		rows.map(async (row) => ({
			id: (await row.getAttribute('data-endpoint-id')) ?? '',
			url: (await cellTexts(row))[0] ?? '',
			enabled: (await row.getAttribute('data-enabled')) === 'true',
			events: (await row.getByTestId('endpoint-event').allInnerTexts()).map((text) => text.trim()),
		})),
	);
}

/** The event types the page offers a button for, by wire name. */
export async function eventButtons(page: Page): Promise<string[]> {
	const buttons = await page.getByTestId('event-buttons').locator('button').all();
	return await Promise.all(buttons.map(async (button) => (await button.getAttribute('data-event-name')) ?? ''));
}

export interface SendAnswer {
	endpointId: string;
	status: number | undefined;
	text: string;
}

/**
 * Clicks a send button (`deliver-<event>`, `deliver-test`, or a row's `test-endpoint`) and returns the
 * answers shown under it, once the buttons are enabled again (the send finished).
 */
export async function send(page: Page, button: Locator): Promise<{ title: string; answers: SendAnswer[]; error: string }> {
	const result = page.getByTestId('send-result');
	// The click handler shows "<label>: sending…" and disables every send button before its first await,
	// so once click() returns, "finished" is: buttons enabled again and no "sending…" line.
	await button.click();
	// Locators, not page functions: the page's Content-Security-Policy forbids evaluating strings.
	await page.locator('[data-deliver]:disabled').first().waitFor({ state: 'detached', timeout: 60_000 });
	await result.getByTestId('send-result-title').waitFor({ timeout: SHOWN_MS });
	const answers = await Promise.all(
		(await result.getByTestId('send-answer').all()).map(async (answer) => ({
			endpointId: (await answer.getAttribute('data-endpoint-id')) ?? '',
			status: await statusOf(answer),
			text: (await answer.innerText()).trim(),
		})),
	);
	const errorBox = result.getByTestId('send-error');
	return {
		title: (await result.getByTestId('send-result-title').innerText()).trim(),
		answers,
		error: (await errorBox.count()) > 0 ? (await errorBox.innerText()).trim() : '',
	};
}

export async function deliveriesShown(page: Page): Promise<DeliveryShown[]> {
	const rows = await page.getByTestId('delivery-row').all();
	return await Promise.all(
		rows.map(async (row) => {
			const cells = await cellTexts(row);
			return {
				seq: Number(await row.getAttribute('data-seq')),
				eventName: cells[1] ?? '',
				url: cells[3] ?? '',
				status: await statusOf(row),
				outcome: cells[4] ?? '',
			};
		}),
	);
}

/** Waits until the page lists at least `count` deliveries (it polls the emulator itself). */
export async function waitForDeliveriesShown(page: Page, count: number): Promise<DeliveryShown[]> {
	await page.getByTestId('delivery-row').nth(count - 1).waitFor({ timeout: SHOWN_MS });
	return await deliveriesShown(page);
}

export interface FaultInput {
	kind: 'status500' | 'status429' | 'hang' | 'drop' | 'dropAfter';
	count: number;
	method: '' | 'GET' | 'POST' | 'DELETE';
	path: string;
}

/** Fills and submits the faults form; returns the result line the page shows. */
export async function injectFault(page: Page, fault: FaultInput): Promise<string> {
	await page.getByTestId('fault-kind').selectOption(fault.kind);
	await page.getByTestId('fault-count').fill(String(fault.count));
	await page.getByTestId('fault-method').selectOption(fault.method);
	await page.getByTestId('fault-path').fill(fault.path);
	const result = page.getByTestId('fault-result');
	await page.getByTestId('fault-add').click();
	await result.filter({ hasText: /\S/ }).waitFor({ timeout: SHOWN_MS });
	return (await result.innerText()).trim();
}

export async function faultRowsShown(page: Page): Promise<{ kind: string; cells: string[] }[]> {
	const rows = await page.getByTestId('fault-row').all();
	return await Promise.all(rows.map(async (row) => ({ kind: (await row.getAttribute('data-kind')) ?? '', cells: await cellTexts(row) })));
}
