/**
 * n8n's verification gate, `@n8n/scan-community-package` (pinned exactly in package.json), loaded
 * for offline use. `eslint.config.mjs` takes the gate's own lint config from here and
 * `scripts/verification-scan.mjs` runs the gate's own `analyzePackage`, so `npm run lint` and the
 * gate apply the same rules and cannot drift apart.
 */
import { createRequire } from 'node:module';
import * as scanner from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');

// Importing the scanner creates an (empty) temp folder for its registry downloads; this removes
// it when the process exits instead of leaving one behind per lint run.
createRequire(scannerFile)('tmp').setGracefulCleanup();

/** The installed scanner's version (checked against the exact pin by the verification scan). */
export const scannerVersion = require('@n8n/scan-community-package/package.json').version;

/** What the gate lints in the source its provenance points at: package.json, nodes/, credentials/. */
export const SOURCE_FILE_PATTERNS = scanner.SOURCE_FILE_PATTERNS;

/** What the gate lints in the published tarball (see the scanner's `analyzePackageByName`). */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

export const { analyzePackage, buildScanConfig, findPackageRoot } = scanner;

/** The glob library the scanner itself uses to pick the files it lints. */
export const scannerGlob = createRequire(scannerFile)('fast-glob');
