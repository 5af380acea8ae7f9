/** n8n's node creator (the panel the canvas "+" opens): searching it and reading its entries. */
import type { Locator, Page } from 'playwright-core';

export function nodeCreator(page: Page): Locator {
	return page.getByTestId('node-creator');
}

/** Opens the creator from the canvas: the first-step "+" on an empty canvas, else the top-right "+". */
export async function openNodeCreator(page: Page): Promise<void> {
	const empty = page.getByTestId('canvas-plus-button');
	if ((await empty.count()) > 0 && (await empty.isVisible())) await empty.click();
	else await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
}

export async function searchNodes(page: Page, text: string): Promise<void> {
	await page.getByTestId('node-creator-search-bar').fill(text);
}

/** One entry of the creator's list by its exact name, with its icon and description. */
export function creatorItem(page: Page, name: string): Locator {
	return nodeCreator(page)
		.getByTestId('item-iterator-item')
		.filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) });
}

export async function itemNames(page: Page): Promise<string[]> {
	return (await nodeCreator(page).getByTestId('node-creator-item-name').allInnerTexts()).map((name) => name.trim());
}

/** The first icon image in `scope`: its address and whether the browser could draw it. */
export async function iconOf(scope: Locator): Promise<{ src: string | null; loaded: boolean }> {
	const img = scope.locator('img').first();
	await img.waitFor();
	const src = await img.getAttribute('src');
	// No DOM types in this project's lib: the element is described by what is read from it.
	const loaded = await img.evaluate(async (element: unknown) => {
		const image = element as { naturalWidth: number; decode(): Promise<void> };
		await image.decode().catch(() => undefined);
		return image.naturalWidth > 0;
	});
	return { src, loaded };
}
