/**
 * The `Idempotency-Key` header of FullStory's v2 create and batch calls
 * (docs/fullstory-server-api.md §1.2, §13.6). FullStory answers a repeat of a key with the first
 * answer, so a request that carries one may be retried after a lost answer or a 5xx without
 * doing the work twice; request.ts retries such requests like a GET.
 *
 * The key travels in a header, so it must be one: the checks below run before anything is sent,
 * for keys derived by the node and for keys a user typed alike.
 */
import type { Wording } from './errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** FullStory documents no limit; 255 fits every id a user would pick and every proxy's header limits. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Why `key` cannot be sent as the header, or undefined when it can. Printable ASCII only
 * (space to `~`), not starting or ending with a space: what every HTTP stack passes through
 * unchanged, so the key FullStory stores is the key that was sent.
 */
export function idempotencyKeyProblem(key: string): string | undefined {
	if (key === '') return 'it is empty';
	if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		return `it has ${key.length} characters, more than the ${MAX_IDEMPOTENCY_KEY_LENGTH} allowed`;
	}
	if (key.startsWith(' ') || key.endsWith(' ')) return 'it starts or ends with a space';
	for (const character of key) {
		const code = character.charCodeAt(0);
		if (code < 0x20 || code > 0x7e) return 'it contains a character other than printable ASCII (letters, digits, punctuation, spaces)';
	}
	return undefined;
}

/**
 * Why the transport will not send `key`, or undefined. Besides the header's own rules: the key
 * must not contain the API key, since idempotency keys are not kept secret (FullStory stores
 * them, proxies may log them).
 */
export function idempotencyKeyRefusal(key: string, apiKey: unknown): Wording | undefined {
	const problem = idempotencyKeyProblem(key);
	if (problem !== undefined) {
		return {
			message: `The idempotency key cannot be sent: ${problem}`,
			description: `Use at most ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, for example the ID of the record this item is about, or leave Idempotency Key empty to let the node derive one.`,
		};
	}
	if (typeof apiKey === 'string' && apiKey !== '' && key.includes(apiKey)) {
		return {
			message: 'The idempotency key contains the API key',
			description: 'Idempotency keys are not kept secret. Build the key from the ID of the record this item is about instead.',
		};
	}
	return undefined;
}
