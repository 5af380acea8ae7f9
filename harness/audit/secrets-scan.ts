/**
 * Finds secrets in texts n8n produced (its log, execution data, error answers). Pure: the audit
 * that gathers both sides for a real n8n lives in tests/secretsAudit.ts.
 *
 * A leak is reported by kind, source and the secret's position in the list, never by value, so
 * the report itself can be printed and kept.
 */

export type SecretKind = 'api key' | 'endpoint secret' | 'signature';

export interface Secret {
	kind: SecretKind;
	value: string;
}

export interface ScannedText {
	/** Where the text came from, e.g. `n8n.log` or `execution 12`. */
	source: string;
	text: string;
}

export interface Leak {
	kind: SecretKind;
	source: string;
	/** Index of the secret in the list given to `findLeaks`. */
	secretIndex: number;
}

/**
 * Shorter values are not secrets worth the name, and would match by chance (a test's "s").
 * Every real one is far longer: API keys, 64-hex-digit endpoint secrets, 44-character HMACs.
 */
export const MIN_SECRET_LENGTH = 12;

/** The spellings a secret takes when a log or JSON answer carries it: as is, JSON-escaped, URL-encoded. */
export function spellings(value: string): string[] {
	const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
	return [...forms];
}

/**
 * The secrets inside one `Fullstory-Signature` value: the whole header and each `v:` HMAC (a
 * log could carry either). `o:` and `t:` are not secret.
 */
export function signatureSecrets(header: string): Secret[] {
	const secrets: Secret[] = [{ kind: 'signature', value: header }];
	for (const part of header.split(',')) {
		const colon = part.indexOf(':');
		if (colon > 0 && part.slice(0, colon).trim() === 'v') secrets.push({ kind: 'signature', value: part.slice(colon + 1).trim() });
	}
	return secrets;
}

/** Distinct secrets long enough to search for; the first kind given for a value wins. */
export function distinctSecrets(secrets: Iterable<Secret>): Secret[] {
	const seen = new Map<string, Secret>();
	for (const secret of secrets) {
		if (secret.value.length >= MIN_SECRET_LENGTH && !seen.has(secret.value)) seen.set(secret.value, secret);
	}
	return [...seen.values()];
}

export function findLeaks(secrets: readonly Secret[], texts: Iterable<ScannedText>): Leak[] {
	const patterns = secrets.map((secret, secretIndex) => ({ secret, secretIndex, forms: spellings(secret.value) }));
	const leaks: Leak[] = [];
	for (const { source, text } of texts) {
		for (const { secret, secretIndex, forms } of patterns) {
			if (forms.some((form) => text.includes(form))) leaks.push({ kind: secret.kind, source, secretIndex });
		}
	}
	return leaks;
}
