/** A resource locator parameter (n8n's "From list / By ID / By URL" picker), read as a user sees it. */
import type { Locator, Page } from 'playwright-core';

import { ndv } from './ndv';

export function resourceLocator(page: Page, name: string): Locator {
	return ndv(page).getByTestId(`resource-locator-${name}`);
}

/** The dropdown list a select controls (Element Plus names it in `aria-controls`). */
async function controlledList(page: Page, select: Locator): Promise<Locator> {
	const id = await select.getByRole('combobox').first().getAttribute('aria-controls');
	if (id === null) throw new Error('resource locator: the mode selector names no list');
	return page.locator(`[id="${id}"]`);
}

/** The modes the mode selector offers (e.g. From List, By ID, By URL). */
export async function locatorModes(page: Page, name: string): Promise<string[]> {
	const selector = resourceLocator(page, name).getByTestId('rlc-mode-selector');
	const list = await controlledList(page, selector);
	await selector.click();
	const options = list.getByRole('option');
	await options.first().waitFor();
	const modes = (await options.allInnerTexts()).map((text) => text.trim());
	await selector.click();
	await list.waitFor({ state: 'hidden' });
	return modes;
}

export async function chooseLocatorMode(page: Page, name: string, mode: string): Promise<void> {
	const selector = resourceLocator(page, name).getByTestId('rlc-mode-selector');
	const list = await controlledList(page, selector);
	await selector.click();
	await list.getByRole('option').filter({ hasText: mode }).first().click();
	await list.waitFor({ state: 'hidden' });
}

/** Opens the "From list" dropdown and returns its entries once loaded (or the error it shows). */
export async function openLocatorList(page: Page, name: string): Promise<Locator> {
	await resourceLocator(page, name).getByTestId('rlc-input').click();
	// The list opens in a popover at the page's end, the one holding the search box.
	const dropdown = page.getByRole('dialog').filter({ has: page.getByTestId('rlc-search') });
	await dropdown.getByTestId('rlc-item').or(dropdown.getByTestId('rlc-error-container')).first().waitFor({ timeout: 30_000 });
	return dropdown.getByTestId('rlc-item');
}
