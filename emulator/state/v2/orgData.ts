/**
 * Everything the v2 APIs hold, per org, plus what spans orgs (remembered idempotent answers, rate-limit
 * buckets). A reset makes a new one (../store.ts).
 */
import { IdempotencyStore } from './idempotency';
import { OrgJobs } from './jobs';
import { TokenBuckets } from './tokenBucket';
import { OrgUsers } from './users';
import type { StoredAnnotation, StoredEvent } from './types';

/** A long-running demo stays bounded; far above what a test or a 50,000-request batch stores. */
export const MAX_EVENTS_PER_ORG = 200_000;

export class OrgData {
	readonly users = new OrgUsers();

	readonly jobs: OrgJobs;

	events: StoredEvent[] = [];

	readonly annotations: StoredAnnotation[] = [];

	constructor(readonly orgId: string) {
		this.jobs = new OrgJobs(orgId);
	}

	addEvent(event: StoredEvent): void {
		this.events.push(event);
		if (this.events.length > MAX_EVENTS_PER_ORG) this.events.splice(0, this.events.length - MAX_EVENTS_PER_ORG);
	}

	/** A deleted user's events go with it ("deletes all user data … events", §2.5). */
	removeEventsOf(user: { id: string; uid?: string }): void {
		this.events = this.events.filter(
			(event) => event.user?.id !== user.id && (user.uid === undefined || event.user?.uid !== user.uid),
		);
	}
}

export class V2State {
	private orgs = new Map<string, OrgData>();

	readonly idempotency = new IdempotencyStore();

	readonly rateLimits = new TokenBuckets();

	/** Carried over from the state before a reset, so event seqs keep increasing (as the logs' do). */
	constructor(private lastEventSeq = 0) {}

	get eventSeq(): number {
		return this.lastEventSeq;
	}

	org(orgId: string): OrgData {
		let data = this.orgs.get(orgId);
		if (data === undefined) {
			data = new OrgData(orgId);
			this.orgs.set(orgId, data);
		}
		return data;
	}

	orgIds(): string[] {
		return [...this.orgs.keys()];
	}

	nextEventSeq(): number {
		this.lastEventSeq += 1;
		return this.lastEventSeq;
	}
}
