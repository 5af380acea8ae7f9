/** The workflow canvas: opening a workflow, finding a node on it, and what the node shows. */
import type { Locator, Page } from 'playwright-core';

export async function openNewWorkflow(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-plus-button').waitFor();
}

export async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${encodeURIComponent(workflowId)}`);
	await page.getByTestId('canvas-node').first().waitFor();
}

/** A node on the canvas by its name (the label under its icon). */
export function canvasNode(page: Page, name: string): Locator {
	return page.getByTestId('canvas-node').filter({ has: page.locator('[class*="_label_"]').getByText(name, { exact: true }) });
}

/** The node's subtitle under its name, as the canvas renders it. */
export async function canvasSubtitle(page: Page, name: string): Promise<string> {
	return (await canvasNode(page, name).locator('[class*="_subtitle_"]').innerText()).trim();
}

/** The node's issues icon (red triangle) and, when it has one, the tooltip it shows on hover. */
export async function canvasIssues(page: Page, name: string): Promise<{ icon: boolean; tooltip: string }> {
	const node = canvasNode(page, name);
	const icon = node.getByTestId('node-issues');
	if ((await icon.count()) === 0) return { icon: false, tooltip: '' };
	await icon.hover();
	const tooltip = page.getByRole('tooltip').filter({ hasText: /issues/i });
	await tooltip.first().waitFor({ timeout: 5_000 }).catch(() => undefined);
	const text = (await tooltip.allInnerTexts()).join('\n');
	await page.mouse.move(0, 0);
	return { icon: true, tooltip: text };
}

/** The node's icon image address (an <img> for a package's SVG icon). */
export async function canvasIcon(page: Page, name: string): Promise<string | null> {
	return await canvasNode(page, name).locator('img').first().getAttribute('src');
}
