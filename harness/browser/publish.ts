/** Publishing the open workflow from the editor's header, as a user does. */
import type { Locator, Page } from 'playwright-core';

export interface PublishShown {
	/** Callouts the publish dialog showed (e.g. "workflow-publish-callout-node-issues"). */
	callouts: string[];
	/** The dialog n8n opens after publishing ("Workflow published" and the node's activation message). */
	confirmation: string;
}

export async function publishFromEditor(page: Page, timeout = 60_000): Promise<PublishShown> {
	await page.getByTestId('workflow-open-publish-modal-button').click();
	const button = page.getByTestId('workflow-publish-button');
	await button.waitFor();
	const modal: Locator = page.getByRole('dialog').filter({ has: button });
	const callouts = await modal.locator('[data-test-id^="workflow-publish-callout"]').evaluateAll((elements) =>
		elements.map((element) => element.getAttribute('data-test-id') ?? ''),
	);
	await button.click();
	const confirmation = page.getByRole('dialog').filter({ hasText: 'Workflow published' });
	await confirmation.waitFor({ timeout });
	const text = (await confirmation.innerText()).trim();
	return { callouts, confirmation: text };
}

/** Closes the "Workflow published" dialog. */
export async function dismissPublished(page: Page): Promise<void> {
	const confirmation = page.getByRole('dialog').filter({ hasText: 'Workflow published' });
	await confirmation.getByRole('button', { name: 'Got it' }).click();
	await confirmation.waitFor({ state: 'hidden' });
}

/**
 * What the header's publish control reads ("Publish", "Publishing…", "Published"); with `until`,
 * waits (up to `timeout`) for it to read that, and returns what it read last.
 */
export async function publishState(page: Page, until?: string, timeout = 60_000): Promise<string> {
	const control = page.getByTestId('workflow-open-publish-modal-button');
	const started = Date.now();
	for (;;) {
		const text = (await control.innerText()).trim();
		if (until === undefined || text === until || Date.now() - started > timeout) return text;
		await page.waitForTimeout(200);
	}
}
