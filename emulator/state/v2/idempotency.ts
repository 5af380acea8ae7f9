/**
 * Remembered answers to `Idempotency-Key` calls (docs/fullstory-server-api.md §1.2, §13.6), per org:
 * (key) → what it was used for (method, path, body hash) and the answer, until it expires. The answer is
 * kept as JSON text so a replay cannot share objects with what a later call changes.
 */
export interface IdempotentUse {
	method: string;
	path: string;
	bodyHash: string;
}

export interface RememberedAnswer extends IdempotentUse {
	status: number;
	bodyJson: string;
	expiresMs: number;
}

export class IdempotencyStore {
	private answers = new Map<string, RememberedAnswer>();

	private static slot(orgId: string, key: string): string {
		return `${orgId}\n${key}`;
	}

	find(orgId: string, key: string, nowMs: number): RememberedAnswer | undefined {
		const slot = IdempotencyStore.slot(orgId, key);
		const answer = this.answers.get(slot);
		if (answer !== undefined && answer.expiresMs <= nowMs) {
			this.answers.delete(slot);
			return undefined;
		}
		return answer;
	}

	remember(orgId: string, key: string, answer: RememberedAnswer): void {
		this.answers.set(IdempotencyStore.slot(orgId, key), answer);
	}
}
