/**
 * The fixed facts of the `npm start` demo: where it keeps its n8n data, who logs in (the password is
 * the folder's own), what the credential is called, and which ports it uses (overridable, because
 * 5678/8787 may be taken).
 */
import { join, resolve } from 'node:path';
import { cacheDir } from '../harness/install/paths';
import type { Owner } from '../harness/rest/n8n-api';

/** A message meant for the person at the terminal: printed without a stack trace. */
export class DemoError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DemoError';
	}
}

/** Who the demo owner is; the password is the demo folder's own (owner.ts). */
export const DEMO_OWNER_PROFILE: Omit<Owner, 'password'> = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
};

/**
 * The fixed password every demo folder used before each got its own. A folder made then still has it:
 * the demo signs in with it once and replaces it with a random one (owner.ts).
 */
export const LEGACY_DEMO_PASSWORD = 'FullStory-demo-1';

export const CREDENTIAL_NAME = 'FullStory account';
export const CREDENTIAL_TYPE = 'fullStoryApi';
export const PACKAGE_NODE_PREFIX = 'n8n-nodes-fullstory.';
export const TRIGGER_TYPE = 'n8n-nodes-fullstory.fullStoryTrigger';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_EMULATOR_PORT = 8787;
export const N8N_PORT_ENV = 'N8N_PORT';
export const EMULATOR_PORT_ENV = 'FULLSTORY_EMULATOR_PORT';

export const DEMO_FOLDER_ENV = 'FULLSTORY_DEMO_FOLDER';

/**
 * Persistent (unlike the tests' temp folders) so the owner, credential and workflows survive restarts;
 * git-ignored. `FULLSTORY_DEMO_FOLDER` puts it elsewhere: a second demo, or the test of `npm start`,
 * which must not touch the one a developer keeps.
 */
export function demoFolder(repoRoot: string): string {
	const chosen = process.env[DEMO_FOLDER_ENV];
	if (chosen !== undefined && chosen.trim() !== '') return resolve(chosen.trim());
	return join(cacheDir(repoRoot), 'demo');
}

/** A port from the environment, or the default; anything but a whole number in 1-65535 is a clear error. */
export function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = raw.trim();
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
		throw new DemoError(`${name}="${raw}" is not a port number (1-65535).`);
	}
	return Number(value);
}
