/**
 * What each FullStory API key role may do, as one table (docs/fullstory-server-api.md §1.3,
 * §13.1): Admin and Architect keys may do everything; Standard keys (role USER) may create and
 * update, and create batch jobs and read their status; View Only keys may do nothing but `GET /me`.
 *
 * A call says what it needs with `needs` on its FullStoryRequest; when FullStory refuses it
 * (403), the transport asks `/me` which role the key has and words the error with
 * `forbiddenWording`, so every 403 names the role needed, the role the key has, and the fix.
 */
import type { Wording } from '../../transport/errors';
import type { KeyIdentity } from './identity';

/** What a call needs of the key's role. */
export type RoleNeed = 'standard' | 'adminOrArchitect';

/** What each need covers, in words that follow "may" or "cannot". */
export const ROLE_NEEDS: Readonly<Record<RoleNeed, { covers: string }>> = {
	standard: { covers: 'create and update users, send events, create import jobs and read their status, and create annotations' },
	adminOrArchitect: { covers: 'read or delete users, read the items and errors of import jobs, and manage webhooks' },
};

interface RoleFacts {
	/** The role's name in FullStory's settings. */
	label: string;
	/** The needs a key of this role meets. */
	meets: readonly RoleNeed[];
}

/** FullStory's role values (`/me` `role`), in the order the wording lists them. */
export type KnownRole = 'ADMIN' | 'ARCHITECT' | 'USER' | 'VIEW_ONLY';

export const KEY_ROLES: Readonly<Record<KnownRole, RoleFacts>> = {
	ADMIN: { label: 'Admin', meets: ['standard', 'adminOrArchitect'] },
	ARCHITECT: { label: 'Architect', meets: ['standard', 'adminOrArchitect'] },
	USER: { label: 'Standard', meets: ['standard'] },
	VIEW_ONLY: { label: 'View Only', meets: [] },
};

/** Where keys are made, for every fix. */
export const API_KEYS_SETTINGS = 'FullStory > Settings > Integrations > API Keys';

export function isKnownRole(role: string): role is KnownRole {
	return Object.hasOwn(KEY_ROLES, role);
}

function knownRoles(): KnownRole[] {
	return Object.keys(KEY_ROLES).filter(isKnownRole);
}

function isRoleNeed(value: string): value is RoleNeed {
	return Object.hasOwn(ROLE_NEEDS, value);
}

/** Every need, in ROLE_NEEDS' order. */
export function allRoleNeeds(): RoleNeed[] {
	return Object.keys(ROLE_NEEDS).filter(isRoleNeed);
}

/** The needs a key of `role` (as `/me` spells it) meets; none for a role this table does not know. */
export function needsMetBy(role: string): readonly RoleNeed[] {
	return isKnownRole(role) ? KEY_ROLES[role].meets : [];
}

/** "A", "A or B", "A, B or C". */
function either(words: string[]): string {
	return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The roles that meet `need`, in words: "Admin or Architect". */
export function rolesMeeting(need: RoleNeed): string {
	return either(knownRoles().filter((role) => KEY_ROLES[role].meets.includes(need)).map((role) => KEY_ROLES[role].label));
}

/** "an Admin", "a Standard": the article a role's label takes. */
function withArticle(label: string): string {
	return /^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`;
}

/**
 * A role or org id as `/me` gave it, or undefined when it is not shaped like one. `/me` may come
 * from whatever a custom base URL points at, so only values that look like FullStory's reach a
 * message.
 */
function plainValue(value: string, shape: RegExp): string | undefined {
	return shape.test(value) ? value : undefined;
}

const ROLE_SHAPE = /^[A-Z][A-Z_]{0,39}$/;
const ORG_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** "it is a Standard key", "its role is UMBRELLA_MANAGER". */
function keyIs(role: string): string {
	if (isKnownRole(role)) return `it is ${withArticle(KEY_ROLES[role].label)} key`;
	const shown = plainValue(role, ROLE_SHAPE);
	return shown === undefined ? 'its role is not one this node knows' : `its role is ${shown}`;
}

/** "the Standard role (USER) in org o-1", naming only what `/me` gave in a recognisable shape. */
function keyRole(identity: KeyIdentity): string {
	const shownRole = plainValue(identity.role, ROLE_SHAPE);
	let role = 'a role this node does not know';
	if (isKnownRole(identity.role)) role = `the ${KEY_ROLES[identity.role].label} role (${identity.role})`;
	else if (shownRole !== undefined) role = `the role ${shownRole}`;
	const orgId = plainValue(identity.orgId, ORG_ID_SHAPE);
	return orgId === undefined ? role : `${role} in org ${orgId}`;
}

function fix(need: RoleNeed): string {
	const roles = rolesMeeting(need);
	return `Create ${withArticle(roles)} key in ${API_KEYS_SETTINGS} and put it in this credential, or in a second FullStory credential for the operations that need it.`;
}

/**
 * The words of a 403 of a call that needs `need`. `identity` is the key's `/me`, undefined when
 * it could not be read: the error is then no worse than without it, only less specific.
 */
export function forbiddenWording(need: RoleNeed, identity: KeyIdentity | undefined): Wording {
	const roles = rolesMeeting(need);
	const needed = `This needs ${withArticle(roles)} key: only they may ${ROLE_NEEDS[need].covers}.`;
	if (identity === undefined) {
		return {
			message: `This FullStory API key is not allowed to do that: it needs ${withArticle(roles)} key (403 forbidden)`,
			description: `${needed} The key's role could not be read (GET /me failed); check it in ${API_KEYS_SETTINGS}. ${fix(need)}`,
		};
	}
	const { role } = identity;
	if (isKnownRole(role) && KEY_ROLES[role].meets.includes(need)) {
		return {
			message: `FullStory refused the call although the key has the ${KEY_ROLES[role].label} role (403 forbidden)`,
			description: `${needed} The key in the credential has ${keyRole(identity)}, so FullStory refused for another reason: your FullStory plan may not include this feature (for webhooks, List Event Types shows the event types your plan offers), or the key's user may have lost access. Ask your FullStory admin.`,
		};
	}
	return {
		message: `This FullStory API key is not allowed to do that: it needs ${withArticle(roles)} key, and ${keyIs(role)} (403 forbidden)`,
		description: `${needed} The key in the credential has ${keyRole(identity)}. ${fix(need)}`,
	};
}
