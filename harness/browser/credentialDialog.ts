/** n8n's credential dialog: creating or opening a node's credential, saving it, reading its test verdict. */
import type { Locator, Page } from 'playwright-core';

export function credentialDialog(page: Page): Locator {
	return page.getByTestId('credential-edit-dialog');
}

/** From the open NDV: the credential dropdown's "Create new credential". */
export async function createCredentialFromNode(page: Page): Promise<void> {
	await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	await credentialDialog(page).waitFor();
}

/** From the open NDV: the pencil beside the chosen credential (n8n tests a saved credential on opening it). */
export async function openNodeCredential(page: Page): Promise<void> {
	await page.getByTestId('ndv').getByTestId('credential-edit-button').click();
	await credentialDialog(page).waitFor();
}

/** The credential the open NDV's dropdown shows as chosen. */
export async function chosenCredential(page: Page): Promise<string> {
	return await page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input').first().inputValue();
}

export async function fillCredentialField(page: Page, name: string, value: string): Promise<void> {
	await credentialDialog(page).getByTestId(`parameter-input-${name}`).locator('input').first().fill(value);
}

export async function chooseCredentialOption(page: Page, name: string, option: string): Promise<void> {
	const input = credentialDialog(page).getByTestId(`parameter-input-${name}`);
	const id = await input.getByRole('combobox').first().getAttribute('aria-controls');
	await input.click();
	const list = page.locator(`[id="${id ?? ''}"]`);
	await list.getByRole('option').filter({ hasText: option }).first().click();
	await list.waitFor({ state: 'hidden' });
}

/**
 * What the dialog says about the connection: the green "Connection tested successfully", or the
 * red "Couldn't connect with these settings" with its "More details" opened; `closed` when n8n
 * closed the dialog (it does after saving a new credential whose test passed).
 */
export interface CredentialVerdict {
	verdict: 'success' | 'failure' | 'closed';
	text: string;
}

/** The verdict shown; with `expected`, waits until the dialog shows that one (or closes). */
export async function testVerdict(page: Page, timeout = 30_000, expected?: 'success' | 'failure'): Promise<CredentialVerdict> {
	const dialog = credentialDialog(page);
	const success = dialog.getByTestId('credentials-config-container-test-success').filter({ visible: true });
	const failure = dialog.getByText(/Couldn.t connect with these settings/).filter({ visible: true });
	const started = Date.now();
	for (;;) {
		if ((await dialog.count()) === 0 || !(await dialog.isVisible())) return { verdict: 'closed', text: '' };
		if (expected !== 'failure' && (await success.count()) > 0) {
			// On opening, n8n shows the last verdict while it tests again (its Retry button busy);
			// the verdict counts once the button is idle again and shows its label.
			const settled = await success
				.first()
				// Idle: not busy and its spinner gone (the label is drawn once the spinner has faded out).
				.locator('button:not([aria-busy="true"]):not(:has([class*="loading-container"]))')
				.filter({ hasText: /^\s*Retry\s*$/ })
				.waitFor({ timeout: 10_000 })
				.then(() => true)
				.catch(() => false);
			if (settled && (await success.count()) > 0) return { verdict: 'success', text: (await success.first().innerText()).trim() };
		}
		if (expected !== 'success' && (await failure.count()) > 0) {
			const details = dialog.getByText('More details', { exact: true });
			if (await details.isVisible()) await details.click();
			// The link turns into "Less details" once the message is shown.
			await details.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
			return { verdict: 'failure', text: (await dialog.innerText()).trim() };
		}
		if (Date.now() - started > timeout) throw new Error('credential dialog: no test verdict shown');
		await page.waitForTimeout(200);
	}
}

/**
 * Saves, waits for the connection test n8n runs after saving (its REST call), and returns the
 * verdict then shown; a verdict from before the save is never read as this one's.
 */
export async function saveCredential(page: Page, timeout = 30_000): Promise<CredentialVerdict> {
	const tested = page.waitForResponse((response) => new URL(response.url()).pathname === '/rest/credentials/test', { timeout });
	await page.getByTestId('credential-save-button').click();
	const body: unknown = await (await tested).json();
	const status = typeof body === 'object' && body !== null && 'data' in body ? (body.data as { status?: unknown }).status : undefined;
	return await testVerdict(page, timeout, status === 'OK' ? 'success' : 'failure');
}

export async function closeCredentialDialog(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await credentialDialog(page).waitFor({ state: 'hidden' });
}
