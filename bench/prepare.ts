/** What every real-n8n benchmark needs first: the pinned n8n installed, and this package built and packed for it. */
import { ensureN8nInstalled } from '../e2e/install';
import { buildPackage, packPackage } from '../e2e/package-install';
import { findRepoRoot } from '../e2e/paths';

export async function prepareN8n(): Promise<void> {
	const root = findRepoRoot();
	await ensureN8nInstalled(root);
	await buildPackage(root);
	// startStack installs the tarball named here, as the e2e globalSetup arranges for tests.
	process.env.FULLSTORY_E2E_TARBALL = await packPackage(root);
}
