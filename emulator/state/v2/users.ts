/**
 * One org's users (docs/fullstory-server-api.md §2), in creation order (the order List Users pages
 * through). A deleted user stays until its `purgeAt` (shown with `is_being_deleted`), then goes.
 */
import { randomInt } from 'node:crypto';

import type { StoredUser } from './types';

function isBeingDeleted(user: StoredUser): boolean {
	return user.deleteRequested !== undefined;
}

function purgeDue(user: StoredUser, nowMs: number): boolean {
	return user.purgeAt !== undefined && Date.parse(user.purgeAt) <= nowMs;
}

/**
 * 19 decimal digits, as FullStory's int64 ids can have: above 2^53, so a client that reads an id as a
 * number instead of a string gets another id.
 */
function newUserId(): string {
	return `1${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
}

export class OrgUsers {
	private users: StoredUser[] = [];

	all(): readonly StoredUser[] {
		return this.users;
	}

	findById(id: string): StoredUser | undefined {
		return this.users.find((user) => user.id === id);
	}

	/** The identified user a create with this uid updates: one being deleted no longer counts. */
	findIdentified(uid: string): StoredUser | undefined {
		return this.users.find((user) => user.uid === uid && !isBeingDeleted(user));
	}

	/** What a delete by uid removes: every user with that uid, those already going included (a repeated delete is no error). */
	findAllByUid(uid: string): StoredUser[] {
		return this.users.filter((user) => user.uid === uid);
	}

	unusedId(): string {
		let id = newUserId();
		while (this.findById(id) !== undefined) id = newUserId();
		return id;
	}

	insert(user: StoredUser): void {
		this.users.push(user);
	}

	markDeleted(user: StoredUser, nowMs: number, delaySeconds: number): void {
		if (isBeingDeleted(user)) return;
		user.deleteRequested = new Date(nowMs).toISOString();
		user.purgeAt = new Date(nowMs + delaySeconds * 1000).toISOString();
	}

	/** Removes the users whose deletion is over and returns them (their events go too). */
	purge(nowMs: number): StoredUser[] {
		const gone = this.users.filter((user) => purgeDue(user, nowMs));
		if (gone.length > 0) this.users = this.users.filter((user) => !purgeDue(user, nowMs));
		return gone;
	}
}
