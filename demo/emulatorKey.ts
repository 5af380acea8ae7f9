/**
 * The API key of the demo's emulator: random per demo folder (`<folder>/emulator-key.json`), not one of
 * the fixed keys seeded for the tests (emulator/state/seed.ts), which anyone can read in this repository.
 * The same key on every start, so the credential saved in n8n keeps working.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { isJsonObject, isString } from '../harness/rest/guards';
import { readSecretFile, writeSecretFile } from './secretFile';

export const EMULATOR_KEY_FILE = 'emulator-key.json';

interface StoredKey {
	apiKey: string;
}

const isStoredKey = (value: unknown): value is StoredKey => isJsonObject(value) && isString(value.apiKey) && value.apiKey !== '';

/** Shaped like a real key (region prefix, a `/` inside), as the seeded ones are, so the credential sees the same kind. */
function newApiKey(): string {
	return `na1.demo-${randomBytes(6).toString('hex')}/${randomBytes(24).toString('base64url')}`;
}

export function demoApiKey(folder: string): string {
	const path = join(folder, EMULATOR_KEY_FILE);
	const stored = readSecretFile(path, isStoredKey);
	if (stored !== undefined) return stored.apiKey;
	const created: StoredKey = { apiKey: newApiKey() };
	writeSecretFile(path, created);
	return created.apiKey;
}
