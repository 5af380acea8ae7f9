/**
 * A small JSON file of secrets inside the demo folder: created once, readable by its owner only (0600),
 * and read back on every later start, so what it holds (the owner's login, the emulator's key) stays the
 * same for that folder and differs from every other folder.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { DemoError } from './config';

const OWNER_ONLY = 0o600;

/** The file's value, or undefined when there is no file yet; a file the demo cannot read is a clear error. */
export function readSecretFile<T>(path: string, guard: (value: unknown) => value is T): T | undefined {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
		throw error;
	}
	// A copy or an umask may have widened it; it holds a login, so it stays the owner's alone.
	chmodSync(path, OWNER_ONLY);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		value = undefined;
	}
	if (!guard(value)) throw new DemoError(`${path} is not what the demo wrote there. Remove it (or the whole demo folder) to start over.`);
	return value;
}

/** Creates the file (never overwrites one: `wx`), owner-only from the first byte. */
export function writeSecretFile(path: string, value: unknown): void {
	writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { encoding: 'utf8', mode: OWNER_ONLY, flag: 'wx' });
}

/** Undoes `writeSecretFile` when what the file was for did not happen. */
export function removeSecretFile(path: string): void {
	rmSync(path, { force: true });
}
