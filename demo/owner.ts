/**
 * Signs the demo's client in as the demo owner, whose password is the demo folder's own: random, made
 * once with the folder and kept in `<folder>/owner.json` (mode 0600), so the login printed in the ready
 * block works on every start of that folder and in no other.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { DEMO_OWNER_PROFILE, DemoError, LEGACY_DEMO_PASSWORD } from './config';
import { ownerSetupPending } from './rest';
import { readSecretFile, removeSecretFile, writeSecretFile } from './secretFile';
import { isJsonObject, isString } from '../harness/rest/guards';
import { N8nHttpError } from '../harness/rest/http-session';
import type { N8nApi, Owner, User } from '../harness/rest/n8n-api';

export const OWNER_FILE = 'owner.json';

export interface SignIn {
	user: User;
	/** The login to print. */
	owner: Owner;
	/** True on the first start of the demo folder. */
	created: boolean;
}

interface StoredLogin {
	email: string;
	password: string;
}

const isStoredLogin = (value: unknown): value is StoredLogin =>
	isJsonObject(value) && isString(value.email) && isString(value.password) && value.password !== '';

/**
 * 192 random bits. n8n wants 8-64 characters with a digit and an uppercase letter, which random base64url
 * may lack: the fixed `Demo-` and `-1` supply them (and no character of it needs quoting in a shell).
 */
function newPassword(): string {
	return `Demo-${randomBytes(24).toString('base64url')}-1`;
}

function ownerWith(login: StoredLogin): Owner {
	return { ...DEMO_OWNER_PROFILE, email: login.email, password: login.password };
}

/** The folder's login, made and saved (before n8n hears of it, so a crash cannot lose it) on first use. */
function folderLogin(path: string): { login: StoredLogin; saved: boolean } {
	const stored = readSecretFile(path, isStoredLogin);
	if (stored !== undefined) return { login: stored, saved: true };
	const login = { email: DEMO_OWNER_PROFILE.email, password: newPassword() };
	writeSecretFile(path, login);
	return { login, saved: false };
}

function isUnauthorized(error: unknown): boolean {
	return error instanceof N8nHttpError && error.status === 401;
}

/**
 * A folder from before owner.json: its owner still has the old fixed password. Sign in with it and change
 * it to the folder's new one (`PATCH /rest/me/password`, n8n's own "change password"); if that fails, the
 * new file goes again, so the next start tries the same way.
 */
async function upgradeLegacyOwner(api: N8nApi, folder: string, path: string, login: StoredLogin): Promise<User> {
	try {
		await api.login({ ...DEMO_OWNER_PROFILE, password: LEGACY_DEMO_PASSWORD });
		await api.http.call('PATCH', '/rest/me/password', { currentPassword: LEGACY_DEMO_PASSWORD, newPassword: login.password });
		return await api.login(ownerWith(login));
	} catch (error) {
		// Only the file this start wrote (`saved` was false); an older one is never removed.
		removeSecretFile(path);
		if (isUnauthorized(error)) throw noLongerAccepted(folder, 'the password demo folders had before owner.json');
		throw error;
	}
}

/** `where`: where the password it tried comes from. */
function noLongerAccepted(folder: string, where: string): DemoError {
	return new DemoError(
		`n8n in ${folder} no longer accepts the demo login ${DEMO_OWNER_PROFILE.email} with ${where} ` +
			`(was the password or email changed in the editor?). To start the demo over, remove that folder.`,
	);
}

export async function signIn(api: N8nApi, folder: string): Promise<SignIn> {
	const path = join(folder, OWNER_FILE);
	const { login, saved } = folderLogin(path);
	const owner = ownerWith(login);
	if (await ownerSetupPending(api)) return { user: await api.setupOwner(owner), owner, created: true };
	if (!saved) return { user: await upgradeLegacyOwner(api, folder, path, login), owner, created: false };
	try {
		return { user: await api.login(owner), owner, created: false };
	} catch (error) {
		// Someone changed the demo login in the editor; only a fresh folder brings the printed one back.
		if (isUnauthorized(error)) throw noLongerAccepted(folder, `the password in ${path}`);
		throw error;
	}
}
