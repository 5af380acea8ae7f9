/** Signs the browser in as the owner through n8n's own sign-in page, as a user would. */
import type { Page } from 'playwright-core';

import type { Owner } from '../rest/n8n-api';
import { DEFAULT_OWNER } from '../rest/n8n-api';

export async function signIn(page: Page, baseUrl: string, owner: Owner = DEFAULT_OWNER): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}
