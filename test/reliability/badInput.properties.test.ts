/**
 * Property tests of the signature verifier with fast-check, at a fixed seed (in the describe
 * name), so every run checks the same inputs and a failure can be replayed: fast-check prints the
 * seed and the path of the shrunk counterexample.
 *
 * Signatures come from the tests' reference signer, written from the spec (docs/fullstory-api.md
 * §3): neither the emulator's signer nor the node's `expectedSignature` is used to build an
 * expected value, so the verifier is checked against an independent implementation.
 */
import fc from 'fast-check';

import { parseSignatureHeader, timestampToMs, verifySignature } from '../../nodes/FullStoryTrigger/delivery/signature';
import type { SignatureCheck } from '../../nodes/FullStoryTrigger/delivery/signature';
import { referenceMac, referenceSignature } from '../helpers/referenceSigner';

const SEED = 20_240_501;
const RUNS = 3000;
const MAX_HEADER_LENGTH = 512;

/** The reference parser of §3: split on ",", then on the first ":", trim; the last repeat wins. */
function referenceParse(header: string): Record<string, string> {
	const parts: Record<string, string> = {};
	for (const segment of header.split(',')) {
		const colon = segment.indexOf(':');
		if (colon > 0) parts[segment.slice(0, colon).trim()] = segment.slice(colon + 1).trim();
	}
	return parts;
}

const ORG_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-';
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const orgIdArb = fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/);
const bodyArb = fc.uint8Array({ maxLength: 2048 });
/** Any UTF-16 code unit, lone surrogates included: what a JavaScript string can hold. */
const codeUnitArb = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const secretArb = fc.oneof(
	fc.stringMatching(/^[0-9a-f]{64}$/),
	fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }),
	fc.string({ minLength: 1, maxLength: 100, unit: codeUnitArb }),
);
/** Printable ASCII secrets, for single-character changes that are sure to change the key bytes. */
const asciiSecretArb = fc.string({ minLength: 1, maxLength: 100, unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) });
const whitespaceArb = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }).map((chars) => chars.join(''));

/** 2001..2286: seconds have 10 digits, milliseconds 13. */
const nowMsArb = fc.integer({ min: 1_000_000_000_000, max: 9_999_999_000_000 });

interface Timed {
	nowMs: number;
	windowSeconds: number;
	t: string;
	timestampMs: number;
}

/** A timestamp inside the replay window, in seconds or milliseconds. */
const timedArb: fc.Arbitrary<Timed> = fc
	.record({ nowMs: nowMsArb, windowSeconds: fc.integer({ min: 1, max: 7 * 86_400 }), unit: fc.constantFrom('s', 'ms'), fraction: fc.double({ min: -1, max: 1, noNaN: true }) })
	.map(({ nowMs, windowSeconds, unit, fraction }) => {
		// A full second of margin inside the window, so flooring to seconds cannot step outside it.
		const at = nowMs + Math.trunc(fraction * (windowSeconds - 1) * 1000);
		const t = unit === 's' ? String(Math.floor(at / 1000)) : String(at);
		return { nowMs, windowSeconds, t, timestampMs: unit === 's' ? Number(t) * 1000 : Number(t) };
	});

function verify(rawBody: Uint8Array, header: string | string[] | undefined, secret: string, timed: Timed, expectedOrgId?: string): SignatureCheck {
	return verifySignature({
		rawBody: Buffer.from(rawBody),
		header,
		secret,
		nowMs: timed.nowMs,
		replayWindowSeconds: timed.windowSeconds,
		expectedOrgId,
	});
}

function header(parts: Array<[string, string]>): string {
	return parts.map(([key, value]) => `${key}:${value}`).join(',');
}

const params = { seed: SEED, numRuns: RUNS };

describe(`signature properties (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
	it('sign/verify round trip: any body, secret, org id and in-window timestamp (s or ms) verifies and returns that org id', () => {
		fc.assert(
			fc.property(bodyArb, secretArb, orgIdArb, timedArb, fc.boolean(), (body, secret, orgId, timed, pinOrg) => {
				const value = header([
					['o', orgId],
					['t', timed.t],
					['v', referenceSignature(body, secret, orgId, timed.t)],
				]);
				const result = verify(body, value, secret, timed, pinOrg ? orgId : undefined);
				expect(result).toEqual({ ok: true, orgId, timestampMs: timed.timestampMs });
			}),
			params,
		);
	});

	it('any single-character change of the body, the org id, t or the secret is a signature_mismatch', () => {
		const changeArb = fc.record({
			target: fc.constantFrom('body', 'org', 't', 'secret'),
			body: fc.uint8Array({ minLength: 1, maxLength: 1024 }),
			secret: asciiSecretArb,
			orgId: orgIdArb,
			timed: timedArb,
			position: fc.nat(),
			step: fc.integer({ min: 1, max: 1000 }),
		});
		fc.assert(
			fc.property(changeArb, ({ target, body, secret, orgId, timed, position, step }) => {
				const v = referenceSignature(body, secret, orgId, timed.t);
				let changedBody = body;
				let changedOrg = orgId;
				let changedT = timed.t;
				let changedSecret = secret;
				if (target === 'body') {
					changedBody = Uint8Array.from(body);
					const i = position % body.length;
					changedBody[i] = (body[i] + 1 + (step % 255)) % 256;
				} else if (target === 'org') {
					// Within the org id alphabet, so the header stays well-formed and only the HMAC can catch it.
					const i = position % orgId.length;
					const next = ORG_CHARS[(ORG_CHARS.indexOf(orgId[i]) + 1 + (step % (ORG_CHARS.length - 1))) % ORG_CHARS.length];
					changedOrg = orgId.slice(0, i) + next + orgId.slice(i + 1);
				} else if (target === 't') {
					const i = position % timed.t.length;
					changedT = timed.t.slice(0, i) + String((Number(timed.t[i]) + 1 + (step % 9)) % 10) + timed.t.slice(i + 1);
				} else {
					const i = position % secret.length;
					const next = String.fromCharCode(0x20 + ((secret.charCodeAt(i) - 0x20 + 1 + (step % 94)) % 95));
					changedSecret = secret.slice(0, i) + next + secret.slice(i + 1);
				}
				const value = header([
					['o', changedOrg],
					['t', changedT],
					['v', v],
				]);
				expect(verify(changedBody, value, changedSecret, timed)).toEqual({ ok: false, reason: 'signature_mismatch' });
			}),
			{ seed: SEED, numRuns: 4000 },
		);
	});

	it('the order of the o, t and v parts and spaces around keys, values and commas do not matter', () => {
		const spacedArb = fc.tuple(whitespaceArb, whitespaceArb, whitespaceArb, whitespaceArb);
		fc.assert(
			fc.property(
				bodyArb,
				secretArb,
				orgIdArb,
				timedArb,
				fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
				fc.tuple(spacedArb, spacedArb, spacedArb),
				(body, secret, orgId, timed, order, spaces) => {
					const parts: Array<[string, string]> = [
						['o', orgId],
						['t', timed.t],
						['v', referenceSignature(body, secret, orgId, timed.t)],
					];
					const value = order
						.map((index, position) => {
							const [beforeKey, afterKey, beforeValue, afterValue] = spaces[position];
							const [key, partValue] = parts[index];
							return `${beforeKey}${key}${afterKey}:${beforeValue}${partValue}${afterValue}`;
						})
						.join(',');
					expect(verify(body, value, secret, timed)).toEqual({ ok: true, orgId, timestampMs: timed.timestampMs });
				},
			),
			params,
		);
	});

	it('never throws and never accepts an arbitrary string, and parses only well-formed values', () => {
		const fragmentArb = fc.oneof(
			fc.constantFrom('o:', 't:', 'v:', ',', ':', ' ', '\t', '=', 'o', 't', 'v', ',,', '::'),
			fc.string({ unit: fc.constantFrom(...BASE64_CHARS), minLength: 1, maxLength: 44 }),
			fc.stringMatching(/^[0-9]{1,20}$/),
			orgIdArb,
		);
		const garbageArb = fc.oneof(
			fc.string({ maxLength: 700 }),
			fc.string({ unit: 'binary', maxLength: 700 }),
			fc.string({ unit: codeUnitArb, maxLength: 700 }),
			fc.array(fragmentArb, { maxLength: 60 }).map((fragments) => fragments.join('')),
			fc
				.record({ o: fc.string({ maxLength: 50 }), t: fc.string({ maxLength: 20 }), v: fc.string({ unit: fc.constantFrom(...BASE64_CHARS), minLength: 43, maxLength: 43 }) })
				.map(({ o, t, v }) => `o:${o},t:${t},v:${v}=`),
		);
		fc.assert(
			fc.property(garbageArb, bodyArb, secretArb, timedArb, (value, body, secret, timed) => {
				const parts = parseSignatureHeader(value);
				if (parts !== undefined) {
					expect(value.length).toBeLessThanOrEqual(MAX_HEADER_LENGTH);
					expect(parts.signature).toHaveLength(32);
					expect(parts.timestamp).toMatch(/^[0-9]{1,15}$/);
					expect(parts.orgId.length).toBeGreaterThan(0);
					expect(parts.orgId).toBe(parts.orgId.trim());
				}
				const result = verify(body, value, secret, timed);
				// Nothing here was signed with `secret`: the verifier must reject it, by name.
				expect(result.ok).toBe(false);
				if (!result.ok) expect(['missing_header', 'malformed_header', 'signature_mismatch']).toContain(result.reason);
			}),
			{ seed: SEED, numRuns: 5000 },
		);
	});

	it('headers assembled from correct, wrong, unknown and garbled parts: accepted only with a correct HMAC, and always when only unknown parts (8 parts at most) were added', () => {
		type Kind = 'o' | 't' | 'v' | 'wrong-o' | 'wrong-t' | 'wrong-v' | 'unknown' | 'garbage';
		interface Spec {
			kind: Kind;
			key: string;
			text: string;
			spaces: [string, string];
		}
		const partArb: fc.Arbitrary<Spec> = fc.record({
			kind: fc.constantFrom<Kind>('o', 't', 'v', 'o', 't', 'v', 'wrong-o', 'wrong-t', 'wrong-v', 'unknown', 'garbage'),
			key: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).filter((key) => !['o', 't', 'v'].includes(key)),
			text: fc.string({ maxLength: 12 }),
			spaces: fc.tuple(whitespaceArb, whitespaceArb),
		});
		const correct = (kind: Kind): fc.Arbitrary<Spec> => partArb.map((spec): Spec => ({ ...spec, kind }));
		// Half the runs are a correct o, t and v among 0 to 8 unknown parts (distinct keys), shuffled:
		// accepted up to 8 parts in all, rejected beyond. The other half mixes every kind at random.
		const cleanArb = fc
			.uniqueArray(partArb.map((spec): Spec => ({ ...spec, kind: 'unknown' })), { maxLength: 8, selector: (spec) => spec.key })
			.chain((unknown) => fc.tuple(correct('o'), correct('t'), correct('v')).map((parts) => [...parts, ...unknown]))
			.chain((specs) => fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }));
		const specsArb = fc.oneof(cleanArb, fc.array(partArb, { minLength: 1, maxLength: 10 }));
		let accepted = 0;
		let clean = 0;
		let tooMany = 0;
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 256 }),
				secretArb,
				orgIdArb,
				timedArb,
				specsArb,
				(body, secret, orgId, timed, specs) => {
					const v = referenceSignature(body, secret, orgId, timed.t);
					const rendered = specs.map(({ kind, key, text, spaces: [before, after] }) => {
						const pad = (k: string, value: string) => `${before}${k}${after}:${before}${value}${after}`;
						if (kind === 'o') return pad('o', orgId);
						if (kind === 't') return pad('t', timed.t);
						if (kind === 'v') return pad('v', v);
						if (kind === 'wrong-o') return pad('o', `${orgId}x`);
						if (kind === 'wrong-t') return pad('t', String(Number(timed.t) + 1));
						if (kind === 'wrong-v') return pad('v', referenceSignature(body, `${secret}x`, orgId, timed.t));
						if (kind === 'unknown') return pad(key, text.replace(/[,:]/g, ''));
						return text;
					});
					const value = rendered.join(',');
					const result = verify(body, value, secret, timed);
					if (result.ok) {
						accepted++;
						// Accepted: at most 8 parts, each with a key, none repeated (signature.ts), and the
						// reference parser finds a correct HMAC over the o and t that were accepted.
						const segments = value.split(',');
						const keys = segments.map((segment) => segment.slice(0, segment.indexOf(':')).trim());
						expect(value.length).toBeLessThanOrEqual(MAX_HEADER_LENGTH);
						expect(segments.length).toBeLessThanOrEqual(8);
						expect(segments.every((segment) => segment.indexOf(':') > 0)).toBe(true);
						expect(new Set(keys).size).toBe(keys.length);
						const reference = referenceParse(value);
						expect(result.orgId).toBe(reference.o);
						const mac = referenceMac(body, secret, reference.o, reference.t);
						expect(Buffer.from(reference.v, 'base64').equals(mac)).toBe(true);
					}
					const count = (kind: Kind) => specs.filter((spec) => spec.kind === kind).length;
					const onlyCorrectAndUnknown = specs.every((spec) => ['o', 't', 'v', 'unknown'].includes(spec.kind));
					const unknownKeys = specs.filter((spec) => spec.kind === 'unknown').map((spec) => spec.key);
					const distinct = new Set(unknownKeys).size === unknownKeys.length;
					if (onlyCorrectAndUnknown && distinct && count('o') === 1 && count('t') === 1 && count('v') === 1 && value.length <= MAX_HEADER_LENGTH) {
						if (specs.length <= 8) {
							clean++;
							expect(result).toEqual({ ok: true, orgId, timestampMs: timed.timestampMs });
						} else {
							tooMany++;
							expect(result).toEqual({ ok: false, reason: 'malformed_header' });
						}
					}
				},
			),
			params,
		);
		// Not vacuous: every branch was exercised.
		expect(clean).toBeGreaterThan(RUNS / 5);
		expect(tooMany).toBeGreaterThan(RUNS / 20);
		expect(accepted).toBeGreaterThanOrEqual(clean);
	});

	it('a header longer than 512 characters is rejected even with a correct HMAC; padded to 512 or less it is accepted', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 256 }),
				secretArb,
				orgIdArb,
				timedArb,
				fc.constantFrom('spaces', 'unknown-part', 'long-org'),
				fc.integer({ min: 100, max: 5000 }),
				(body, secret, shortOrg, timed, padding, length) => {
					let value: string;
					let orgId = shortOrg;
					if (padding === 'long-org') {
						// An org id of exactly the length that makes the header `length` long, signed correctly.
						const frame = `o:,t:${timed.t},v:`.length + 44;
						orgId = shortOrg.repeat(Math.ceil(length / shortOrg.length)).slice(0, Math.max(1, length - frame));
						value = header([
							['o', orgId],
							['t', timed.t],
							['v', referenceSignature(body, secret, orgId, timed.t)],
						]);
					} else {
						const base = header([
							['o', orgId],
							['t', timed.t],
							['v', referenceSignature(body, secret, orgId, timed.t)],
						]);
						const missing = Math.max(0, length - base.length);
						if (padding === 'spaces') value = base.replace(',', `${' '.repeat(missing)},`);
						else value = missing >= 4 ? `${base},x:${'a'.repeat(missing - 3)}` : `${base}${' '.repeat(missing)}`;
					}
					const result = verify(body, value, secret, timed);
					if (value.length > MAX_HEADER_LENGTH) {
						expect(parseSignatureHeader(value)).toBeUndefined();
						expect(result).toEqual({ ok: false, reason: 'malformed_header' });
					} else {
						expect(result).toEqual({ ok: true, orgId, timestampMs: timed.timestampMs });
					}
				},
			),
			params,
		);
	});

	it('a repeated header (an array of values) is never accepted, even when every value is correct', () => {
		fc.assert(
			fc.property(bodyArb, secretArb, orgIdArb, timedArb, fc.array(fc.oneof(fc.constant('valid'), fc.string()), { maxLength: 4 }), (body, secret, orgId, timed, values) => {
				const valid = header([
					['o', orgId],
					['t', timed.t],
					['v', referenceSignature(body, secret, orgId, timed.t)],
				]);
				const sent = values.map((value) => (value === 'valid' ? valid : value));
				expect(verify(body, sent, secret, timed)).toEqual({ ok: false, reason: 'malformed_header' });
			}),
			{ seed: SEED, numRuns: 1000 },
		);
	});

	it('timestampToMs reads 10-digit seconds and 13-digit milliseconds, with or without leading zeros', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.integer({ min: 1_000_000_000, max: 99_999_999_999 }).map((seconds) => ({ t: String(seconds), ms: seconds * 1000 })),
					fc.integer({ min: 100_000_000_000, max: 999_999_999_999_999 }).map((ms) => ({ t: String(ms), ms })),
				),
				fc.integer({ min: 0, max: 15 }),
				({ t, ms }, width) => {
					expect(timestampToMs(t)).toBe(ms);
					expect(timestampToMs(t.padStart(width, '0'))).toBe(ms);
				},
			),
			params,
		);
	});
});
