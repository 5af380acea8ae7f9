/**
 * A node's parameters in the node details view (NDV), found by n8n's `parameter-input-<name>`
 * test ids: their option lists (options, multi-options, dropdowns loaded from FullStory), read
 * and chosen as a user does, by the names shown on screen.
 */
import type { Locator, Page } from 'playwright-core';

export function parameterInput(page: Page, name: string): Locator {
	return page.getByTestId('ndv').getByTestId(`parameter-input-${name}`);
}

/** The parameter's label row and input together (`.parameter-item`), e.g. to read its label. */
export function parameterItem(page: Page, name: string): Locator {
	return page.getByTestId('ndv').getByTestId('parameter-item').filter({ has: page.getByTestId(`parameter-input-${name}`) });
}

/** The dropdown list a select input controls (Element Plus names it in `aria-controls`). */
async function listOf(page: Page, name: string): Promise<Locator> {
	const combobox = parameterInput(page, name).getByRole('combobox').first();
	const id = await combobox.getAttribute('aria-controls');
	if (id === null) throw new Error(`parameter ${name}: no dropdown list (aria-controls) on its input`);
	return page.locator(`[id="${id}"]`);
}

/** Waits until a dropdown stops loading (n8n disables it while its options load from FullStory). */
export async function waitUntilEnabled(page: Page, name: string, timeout = 30_000): Promise<void> {
	await parameterInput(page, name).locator('.el-select:not(.el-select--disabled)').waitFor({ timeout });
}

/** Opens the dropdown and returns its options once at least one is shown. */
export async function openOptions(page: Page, name: string): Promise<Locator> {
	await waitUntilEnabled(page, name);
	const list = await listOf(page, name);
	if (!(await list.isVisible())) await parameterInput(page, name).click();
	const options = list.getByRole('option');
	await options.first().waitFor({ state: 'visible' });
	return options;
}

/** Closes an open dropdown with Escape, as a keyboard user would (the NDV itself stays open). */
export async function closeOptions(page: Page, name: string): Promise<void> {
	const list = await listOf(page, name);
	if (await list.isVisible()) await page.keyboard.press('Escape');
	await list.waitFor({ state: 'hidden' });
}

/** Whether the dropdown takes several values (shown as tags) rather than one. */
async function isMultiple(page: Page, name: string): Promise<boolean> {
	return (await parameterInput(page, name).locator('.el-select__tags').count()) > 0;
}

/** The option names as shown (each option's headline, without its description line). */
export async function optionNames(options: Locator): Promise<string[]> {
	const texts = await options.allInnerTexts();
	return texts.map((text) => text.split('\n')[0].trim());
}

/** The names a dropdown offers: opened, read, closed again. */
export async function listOptions(page: Page, name: string): Promise<string[]> {
	const names = await optionNames(await openOptions(page, name));
	await closeOptions(page, name);
	return names;
}

/** Picks options by their shown names; multi-option dropdowns stay open until all are picked. */
export async function chooseOptions(page: Page, name: string, choices: string[]): Promise<void> {
	for (const choice of choices) {
		const options = await openOptions(page, name);
		const names = await optionNames(options);
		const index = names.indexOf(choice);
		if (index < 0) throw new Error(`parameter ${name}: no option "${choice}" among ${JSON.stringify(names)}`);
		await options.nth(index).click();
	}
	// A single-option dropdown closes on the click; a multi-option one stays open for more.
	if (await isMultiple(page, name)) await closeOptions(page, name);
	else await (await listOf(page, name)).waitFor({ state: 'hidden' });
}

/** What a single-option dropdown shows as chosen. */
export async function shownValue(page: Page, name: string): Promise<string> {
	return await parameterInput(page, name).locator('input.el-input__inner').first().inputValue();
}
