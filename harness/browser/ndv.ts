/** The node details view (NDV): opening it from the canvas, executing the step, reading the output panel. */
import type { Locator, Page } from 'playwright-core';

import { canvasNode } from './canvas';

export function ndv(page: Page): Locator {
	return page.getByTestId('ndv');
}

export async function openNodeDetails(page: Page, nodeName: string): Promise<void> {
	await canvasNode(page, nodeName).dblclick();
	await ndv(page).waitFor();
}

export async function closeNodeDetails(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** The NDV's "Execute step" button; waits until the run shows a result or an error in the output panel. */
export async function executeStep(page: Page, timeout = 60_000): Promise<void> {
	await ndv(page).getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output
		.getByTestId('node-run-status-success')
		.or(output.getByTestId('ndv-items-count'))
		.or(output.locator('.error-header, [data-test-id=node-error-message]'))
		.first()
		.waitFor({ timeout });
}

/** "6 items" above the output, as a number; undefined when the panel shows no count. */
export async function outputItemCount(page: Page): Promise<number | undefined> {
	const count = page.getByTestId('output-panel').getByTestId('ndv-items-count');
	if ((await count.count()) === 0) return undefined;
	const match = /(\d+)\s+items?/.exec(await count.first().innerText());
	return match ? Number(match[1]) : undefined;
}

/**
 * The output panel's text (its table, JSON or schema view, whichever is shown), once it has any:
 * n8n can show the item count a moment before the table under it is drawn.
 */
export async function outputText(page: Page, timeout = 15_000): Promise<string> {
	const container = page.getByTestId('output-panel').getByTestId('ndv-data-container');
	await container.filter({ hasText: /\S/ }).first().waitFor({ timeout });
	return await container.innerText();
}

/** Notices (the orange boxes) among the node's parameters. */
export function parameterNotices(page: Page): Locator {
	return ndv(page).getByTestId('node-parameters').locator('.notice');
}
