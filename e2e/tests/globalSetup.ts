/**
 * Once per `jest --selectProjects e2e` run: install the pinned n8n 2.x and 1.x on first use
 * (minutes each, with progress; reused afterwards), then build and pack this package once. Test
 * files install the tarball into their own fresh n8n user folders.
 */
import { ensureN8nInstalled } from '../../harness/install/install';
import { buildPackage, packPackage } from '../../harness/install/package-install';
import { findRepoRoot } from '../../harness/install/paths';

export default async function globalSetup(): Promise<void> {
	const root = findRepoRoot();
	await ensureN8nInstalled(root, '2.x');
	// Here rather than in the 1.x file's beforeAll: a first install takes minutes, beyond a test's timeout.
	await ensureN8nInstalled(root, '1.x');
	await buildPackage(root);
	// Test workers are started after this and inherit the environment.
	process.env.FULLSTORY_E2E_TARBALL = await packPackage(root);
}
