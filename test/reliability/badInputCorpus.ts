/**
 * The bad-input corpus for the FullStory Trigger's webhook(): more than 10,000 deliveries,
 * generated deterministically from a seed, each with the outcome it must get.
 *
 * Expected outcomes are worked out here from the rules (docs/fullstory-api.md §3 and the README's
 * "What happens to a delivery"), never by calling the code under test. Every valid signature comes
 * from the tests' reference signer (test/helpers/referenceSigner.ts), neither from the emulator's
 * signer nor from the node's `expectedSignature`, so a mistake shared by both sides cannot hide.
 * The deliberately wrong ones (other hashes, other messages) are made here with Node's crypto.
 *
 * Each mutation is chosen so that it cannot turn a bad header back into a good one (no whitespace
 * is ever inserted, because the parser trims it away; the last base64 digit of `v` is never
 * replaced, because two of its bits are padding). Where that argument needs care, the builder says
 * why next to it.
 *
 * Cases are planned up front (id, category, kind) and built only when they run, from a PRNG seeded
 * with (seed, id): a 10 MB body exists only while its own delivery runs, and case N is the same
 * bytes on every run. Timestamps are relative to the clock at build time, so a timestamp meant to be
 * inside the replay window still is when it is delivered, however long the suite has been running.
 */
import { createHash, createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { referenceSignature } from '../helpers/referenceSigner';
import { Random } from '../helpers/seededRandom';

export const CORPUS_SEED = 20_240_501;

/** The endpoint secret in the trigger's static data: 64 hex digits, as the node generates it. */
export const STORED_SECRET = createHash('sha256').update(`bad-input-corpus:${CORPUS_SEED}`).digest('hex');

export const SUBSCRIBED_EVENT = 'note.created';

/** The trigger's replay window when no option is set (README, Options). */
export const DEFAULT_WINDOW_SECONDS = 300;

export const TEN_MB = 10 * 1024 * 1024;

export type Category = 'header' | 'body-signed' | 'body-unsigned' | 'control';

/**
 * - `unauthorized`: 401, nothing started (any signature problem, README table).
 * - `not_an_event`: 400, nothing started (valid signature, body not a FullStory event).
 * - `ignored`: 200, nothing started (`test` event, or a type the trigger does not subscribe to).
 * - `executed`: one execution with exactly one item.
 */
export type Expected = 'unauthorized' | 'not_an_event' | 'ignored' | 'executed';

export const EXPECTED_STATUS: Record<Expected, number> = {
	unauthorized: 401,
	not_an_event: 400,
	ignored: 200,
	executed: 200,
};

export type Headers = Record<string, string | string[] | undefined>;

export interface PlannedCase {
	id: number;
	category: Category;
	kind: string;
}

export interface CorpusCase extends PlannedCase {
	/** Short, for failure messages; never a whole body or header. */
	description: string;
	expected: Expected;
	/** For `executed`: the item's `eventName` and `eventKey`. */
	expectedEventName?: string;
	expectedEventKey?: string;
	parameters: IDataObject;
	staticData: IDataObject;
	/** As Node presents them to n8n: lower-case names. */
	headers: Headers;
	rawBody: Buffer | undefined;
	/** Strings no log line may contain: the secret, every signature value and header sent. */
	sensitive: string[];
	/** False when a socket cannot carry the request byte for byte as the fake request has it. */
	overHttp: boolean;
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** One independent stream per case, so building case N does not depend on building the others. */
function caseSeed(seed: number, id: number): number {
	let z = (seed ^ Math.imul(id + 1, 0x9e3779b9)) >>> 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Alphabets

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ORG_CHARS = `${UPPER}${LOWER}${DIGITS}-`;
const BASE64_CHARS = `${UPPER}${LOWER}${DIGITS}+/`;
const HEX = '0123456789abcdef';

/**
 * Characters that are never whitespace to String.prototype.trim (which the parser applies to keys
 * and values), so inserting or substituting one always changes what the parser sees.
 */
const NOT_WHITESPACE: readonly string[] = [
	...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)),
	'é',
	'ß',
	'€',
	'Ω',
	'中',
	'😀',
	'\u0000',
	'\u0001',
	'\u007f',
	'\u200b',
].filter((char) => char.trim() === char);

/** Not in the standard base64 alphabet, and not whitespace. */
const NOT_BASE64 = NOT_WHITESPACE.filter((char) => !BASE64_CHARS.includes(char) && char !== '=');

/** Anything at all, including lone surrogates and line breaks. */
function unicodeGarbage(rng: Random, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) {
		const roll = rng.next();
		if (roll < 0.5) out += String.fromCharCode(rng.int(0x20, 0x7e));
		else if (roll < 0.7) out += String.fromCharCode(rng.int(0, 0xff));
		else if (roll < 0.9) out += String.fromCodePoint(rng.int(0x100, 0x10ffff));
		else out += String.fromCharCode(rng.int(0xd800, 0xdfff));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Headers

type Part = [key: string, value: string];

function render(parts: readonly Part[]): string {
	return parts.map(([key, value]) => `${key}:${value}`).join(',');
}

interface Signed {
	orgId: string;
	t: string;
	v: string;
	/** o, t and v in a random order. */
	parts: Part[];
	header: string;
}

// ---------------------------------------------------------------------------------------------
// Bodies

interface NoteEnvelope {
	eventName: string;
	version: number;
	data: IDataObject & { id: string };
}

const WORDS = ['session', 'checkout', 'rage click', 'Straße', 'naïve', '注文', 'مرحبا', '🙂 ok', 'a "quoted" word', 'back\\slash'];

function isoAt(rng: Random, nowMs: number): string {
	return new Date(nowMs - rng.int(0, 86_400_000)).toISOString();
}

function noteEnvelope(rng: Random, nowMs: number, eventName = SUBSCRIBED_EVENT): NoteEnvelope {
	const id = rng.string(`${LOWER}${DIGITS}`, rng.int(8, 16));
	return {
		eventName,
		version: 1,
		data: {
			id,
			created: isoAt(rng, nowMs),
			author: `${rng.string(LOWER, rng.int(3, 10))}@example.com`,
			text: Array.from({ length: rng.int(1, 6) }, () => rng.pick(WORDS)).join(' '),
			sessionUrl: `https://app.fullstory.com/ui/${rng.string(UPPER, 3)}/session/${rng.string(DIGITS, 16)}:${rng.string(DIGITS, 16)}`,
			notedTime: isoAt(rng, nowMs),
		},
	};
}

function json(value: unknown): Buffer {
	return Buffer.from(JSON.stringify(value), 'utf8');
}

/** `eventName:id` for events that carry their own id, else the hash of the raw body (README). */
function eventKeyOf(eventName: string, data: IDataObject, rawBody: Buffer): string {
	const withId = ['note.created', 'segment.trend.alert', 'metric.alert'];
	if (withId.includes(eventName) && typeof data.id === 'string' && data.id !== '') return `${eventName}:${data.id}`;
	return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// The case builder

interface Draft {
	description: string;
	expected: Expected;
	rawBody: Buffer | undefined;
	/** The signature header's value; undefined sends none. */
	signature?: string | string[];
	/** Defaults to `fullstory-signature`. */
	headerName?: string;
	/** Defaults to application/json; null sends none. */
	contentType?: string | null;
	extraHeaders?: Headers;
	parameters?: IDataObject;
	staticData?: IDataObject;
	/** Extra strings that must not be logged (signature values hidden inside a header). */
	sensitive?: string[];
	expectedEventName?: string;
	expectedEventKey?: string;
	/** Set false when the fake request cannot be reproduced on a socket. */
	overHttp?: boolean;
}

class Builder {
	constructor(
		readonly rng: Random,
		readonly nowMs: number,
	) {}

	orgId(): string {
		return this.rng.chance(0.5)
			? `o-${this.rng.string(`${UPPER}${DIGITS}`, this.rng.int(4, 7))}-na1`
			: this.rng.string(ORG_CHARS, this.rng.int(1, 40));
	}

	/** Inside the 300 s window by a wide margin (±240 s), in seconds or milliseconds. */
	freshTimestamp(unit: 'seconds' | 'milliseconds' = this.rng.pick(['seconds', 'milliseconds'] as const)): string {
		const at = this.nowMs + this.rng.int(-240_000, 240_000);
		return unit === 'seconds' ? String(Math.floor(at / 1000)) : String(at);
	}

	/** A timestamp `offsetSeconds` from now, in either unit. */
	timestampAt(offsetSeconds: number, unit: 'seconds' | 'milliseconds'): string {
		const at = this.nowMs + offsetSeconds * 1000;
		return unit === 'seconds' ? String(Math.floor(at / 1000)) : String(Math.floor(at));
	}

	envelope(eventName = SUBSCRIBED_EVENT): NoteEnvelope {
		return noteEnvelope(this.rng, this.nowMs, eventName);
	}

	/** A valid note.created body: what every header case carries, so only the header is wrong. */
	body(): Buffer {
		return json(this.envelope());
	}

	sign(
		body: Buffer,
		options: { secret?: string | Buffer; orgId?: string; t?: string; order?: boolean } = {},
	): Signed {
		const orgId = options.orgId ?? this.orgId();
		const t = options.t ?? this.freshTimestamp();
		const v = referenceSignature(body, options.secret ?? STORED_SECRET, orgId, t);
		const parts: Part[] = [
			['o', orgId],
			['t', t],
			['v', v],
		];
		if (options.order !== false) this.rng.shuffle(parts);
		return { orgId, t, v, parts, header: render(parts) };
	}
}

type Build = (b: Builder) => Draft;

function unauthorized(description: string, rawBody: Buffer | undefined, signature: string | string[] | undefined, rest: Partial<Draft> = {}): Draft {
	return { description, expected: 'unauthorized', rawBody, signature, ...rest };
}

// ---------------------------------------------------------------------------------------------
// Header cases: a valid body, and a header that is wrong in exactly one way.

/** A header with a correct HMAC for `body`, for cases that then break something else. */
function validHeaderCase(b: Builder): { body: Buffer; signed: Signed } {
	const body = b.body();
	return { body, signed: b.sign(body) };
}

function replaceAt(text: string, index: number, replacement: string, length = 1): string {
	return text.slice(0, index) + replacement + text.slice(index + length);
}

const headerBuilds: Record<string, Build> = {
	missing: (b) => {
		const extra: Headers = b.rng.chance() ? { authorization: 'Bearer not-a-signature', 'user-agent': 'FullStory-Webhooks' } : {};
		return unauthorized('no signature header at all', b.body(), undefined, { extraHeaders: extra });
	},

	empty: (b) => {
		const value = b.rng.pick(['', ' ', '  ', '\t', ' \t ']);
		const headerName = b.rng.pick(['fullstory-signature', 'x-fs-signature']);
		return unauthorized(`empty header value ${JSON.stringify(value)} in ${headerName}`, b.body(), value, { headerName });
	},

	'missing-part': (b) => {
		const { body, signed } = validHeaderCase(b);
		const drop = b.rng.int(1, 2);
		const parts = signed.parts.slice(drop);
		if (b.rng.chance(0.3)) parts.push(['x', 'extra']);
		return unauthorized(`without ${signed.parts.slice(0, drop).map(([key]) => key).join(' and ')}`, body, render(parts), {
			sensitive: [signed.v],
		});
	},

	'empty-part': (b) => {
		const { body, signed } = validHeaderCase(b);
		const index = b.rng.int(0, 2);
		const parts = signed.parts.map((part): Part => [...part]);
		parts[index][1] = b.rng.pick(['', ' ', '\t', '  ']);
		return unauthorized(`empty ${parts[index][0]} value`, body, render(parts), { sensitive: [signed.v] });
	},

	'duplicated-part': (b) => {
		const { body, signed } = validHeaderCase(b);
		const [key, value] = b.rng.pick(signed.parts);
		let copy = value;
		if (b.rng.chance()) {
			// A second, different but well-formed value: which one is meant stays open.
			if (key === 'o') copy = b.orgId();
			if (key === 't') copy = b.freshTimestamp();
			if (key === 'v') copy = referenceSignature(body, STORED_SECRET, signed.orgId, b.freshTimestamp());
		}
		const parts = [...signed.parts];
		parts.splice(b.rng.int(0, parts.length), 0, [key, copy]);
		return unauthorized(`${key} twice (${copy === value ? 'same' : 'different'} value)`, body, render(parts), {
			sensitive: [signed.v, copy],
		});
	},

	'repeated-header-joined': (b) => {
		const { body, signed } = validHeaderCase(b);
		const second = b.rng.chance() ? signed.header : b.sign(body).header;
		const separator = b.rng.pick([', ', ',']);
		// Node joins a repeated header with ", " before n8n sees it.
		return unauthorized('the header twice, joined as Node joins it', body, `${signed.header}${separator}${second}`, {
			sensitive: [signed.v, second],
		});
	},

	'header-array': (b) => {
		const { body, signed } = validHeaderCase(b);
		const other = b.sign(body).header;
		const value = b.rng.pick([[signed.header], [signed.header, signed.header], [signed.header, other], [signed.header, ''], ['', signed.header], []]);
		// Node never hands n8n an array of fewer than two for this header, so a socket cannot
		// reproduce those two; the rest arrive joined by ", " and must still be rejected.
		return unauthorized(`the header as an array of ${value.length}`, body, value, {
			sensitive: [signed.v, other],
			overHttp: value.length >= 2,
		});
	},

	'garbled-separator': (b) => {
		const { body, signed } = validHeaderCase(b);
		const variant = b.rng.int(0, 3);
		let header: string;
		if (variant <= 1) {
			// A comma replaced: the part after it is swallowed into the value before it, so its key is gone.
			const replacement = b.rng.pick([';', '|', ' ', '&', '.', '/', '+', '', '%2C', '\t', '\n', ', ,']);
			const commas = [...signed.header].flatMap((char, index) => (char === ',' ? [index] : []));
			if (variant === 0) header = replaceAt(signed.header, b.rng.pick(commas), replacement);
			else header = signed.header.split(',').join(replacement === ', ,' ? ';' : replacement);
		} else {
			// A colon replaced: that part has no key any more (values never contain a colon).
			const replacement = b.rng.pick(['=', ' ', '', ';', '-', '.', '%3A', '\uff1a']);
			const colons = [...signed.header].flatMap((char, index) => (char === ':' ? [index] : []));
			header = variant === 2 ? replaceAt(signed.header, b.rng.pick(colons), replacement) : signed.header.split(':').join(replacement);
		}
		return unauthorized(`separators garbled (variant ${variant})`, body, header, { sensitive: [signed.v] });
	},

	'garbled-key': (b) => {
		const { body, signed } = validHeaderCase(b);
		const renames: Record<string, string[]> = {
			o: ['O', 'org', 'orgId', '0', 'o1', 'oo', '', ' ', 'ο' /* Greek omicron */],
			t: ['T', 'ts', 'timestamp', 'time', 't1', 'tt', ''],
			v: ['V', 'v1', 'sig', 'signature', 's', 'v0', 'vv', ''],
		};
		const index = b.rng.int(0, 2);
		const parts = signed.parts.map((part): Part => [...part]);
		const original = parts[index][0];
		parts[index][0] = b.rng.pick(renames[original]);
		return unauthorized(`key ${original} renamed to ${JSON.stringify(parts[index][0])}`, body, render(parts), { sensitive: [signed.v] });
	},

	truncated: (b) => {
		const { body, signed } = validHeaderCase(b);
		const cut = b.rng.int(1, signed.header.length - 1);
		// From the end: the last value shrinks (v too short, t or o changed) or whole parts go. From
		// the start: the first key loses its name.
		const fromEnd = b.rng.chance(0.7);
		const header = fromEnd ? signed.header.slice(0, cut) : signed.header.slice(cut);
		return unauthorized(`truncated ${fromEnd ? 'to' : 'from'} ${cut} chars`, body, header, { sensitive: [signed.v] });
	},

	'inserted-char': (b) => {
		const { body, signed } = validHeaderCase(b);
		const at = b.rng.int(0, signed.header.length);
		const char = b.rng.pick(NOT_WHITESPACE);
		return unauthorized(`${JSON.stringify(char)} inserted at ${at}`, body, replaceAt(signed.header, at, char, 0), {
			sensitive: [signed.v],
		});
	},

	'deleted-char': (b) => {
		const { body, signed } = validHeaderCase(b);
		const at = b.rng.int(0, signed.header.length - 1);
		return unauthorized(`char ${at} deleted`, body, replaceAt(signed.header, at, ''), { sensitive: [signed.v] });
	},

	'replaced-char': (b) => {
		const { body, signed } = validHeaderCase(b);
		let at = b.rng.int(0, signed.header.length - 1);
		// v's 43rd digit carries two padding bits: some substitutes decode to the same bytes.
		const lastDigit = signed.header.indexOf(`v:${signed.v}`) + 2 + 42;
		if (at === lastDigit) at -= 1;
		const original = signed.header[at];
		const char = b.rng.pick(NOT_WHITESPACE.filter((candidate) => candidate !== original));
		return unauthorized(`char ${at} replaced by ${JSON.stringify(char)}`, body, replaceAt(signed.header, at, char), {
			sensitive: [signed.v],
		});
	},

	'over-long': (b) => {
		const body = b.body();
		const target = b.rng.pick([513, 514, 520, 600, 700, 1024, 2048, 4096, 8192, 65_536, 1_048_576]);
		const variant = b.rng.int(0, 4);
		const orgId = b.orgId();
		const t = b.freshTimestamp();
		/** Length of `o:…,t:…,v:<44 chars>` without the org id and t. */
		const frame = 'o:,t:,v:'.length + 44;
		let signed: Signed;
		let header: string;
		if (variant === 1) {
			// A long org id with a correct HMAC over it: only the length is wrong.
			signed = b.sign(body, { orgId: b.rng.string(ORG_CHARS, Math.max(1, target - frame - t.length)), t });
			header = signed.header;
		} else if (variant === 3) {
			// A t padded with zeros, signed as sent.
			signed = b.sign(body, { orgId, t: t.padStart(Math.max(t.length, target - frame - orgId.length), '0') });
			header = signed.header;
		} else {
			signed = b.sign(body, { orgId, t });
			const pad = Math.max(1, target - signed.header.length);
			if (variant === 0) header = `${signed.header},x:${'a'.repeat(pad)}`;
			else if (variant === 2) {
				// Padding spaces that the parser would trim: the limit applies to the raw value.
				const parts = signed.parts.map((part): Part => [...part]);
				parts[0][1] += ' '.repeat(pad);
				header = render(parts);
			} else {
				const longV = b.rng.bytes(Math.ceil(((pad + 48) * 3) / 4)).toString('base64');
				header = render(signed.parts.map(([key, value]): Part => [key, key === 'v' ? longV : value]));
			}
		}
		if (header.length <= 512) throw new Error(`corpus bug: over-long header of ${header.length} chars`);
		return unauthorized(`header of ${header.length} chars (variant ${variant})`, body, header, {
			sensitive: [signed.v],
			overHttp: header.length <= 8000,
		});
	},

	'too-many-parts': (b) => {
		const { body, signed } = validHeaderCase(b);
		const parts = [...signed.parts];
		const extra = b.rng.int(6, 40);
		for (let i = 0; i < extra; i++) parts.splice(b.rng.int(0, parts.length), 0, [`x${i}`, b.rng.string(LOWER, b.rng.int(1, 4))]);
		const header = render(parts);
		// Short enough that the part count, not the length limit, is what rejects it.
		if (header.length > 512) throw new Error(`corpus bug: too-many-parts header of ${header.length} chars`);
		return unauthorized(`${parts.length} parts`, body, header, { sensitive: [signed.v] });
	},

	'v-not-base64': (b) => {
		const { body, signed } = validHeaderCase(b);
		let variant = b.rng.int(0, 5);
		if (variant === 1 && !/[+/]/.test(signed.v)) variant = 0;
		let bad: string;
		if (variant === 0) bad = replaceAt(signed.v, b.rng.int(0, 43), b.rng.pick(NOT_BASE64));
		else if (variant === 1) bad = signed.v.replace(/\+/g, '-').replace(/\//g, '_');
		else if (variant === 2) bad = encodeURIComponent(signed.v);
		else if (variant === 3) bad = `"${signed.v}"`;
		else if (variant === 4) bad = replaceAt(signed.v, b.rng.int(1, 42), ' ', 0);
		else bad = signed.v.replace('=', '.');
		const header = render(signed.parts.map(([key, value]): Part => [key, key === 'v' ? bad : value]));
		return unauthorized(`v not standard base64 (variant ${variant})`, body, header, { sensitive: [signed.v, bad] });
	},

	'v-wrong-length': (b) => {
		const { body, signed } = validHeaderCase(b);
		const mac = Buffer.from(signed.v, 'base64');
		const variants: Array<() => string> = [
			() => mac.subarray(0, 31).toString('base64'),
			() => Buffer.concat([mac, b.rng.bytes(1)]).toString('base64'),
			() => mac.subarray(0, 16).toString('base64'),
			() => b.rng.bytes(b.rng.pick([1, 2, 20, 30, 31, 33, 34, 48, 64, 100])).toString('base64'),
			() => signed.v.replace(/=$/, ''),
			() => `${signed.v}=`,
			() => mac.toString('hex'),
			() => mac.toString('base64url'),
			() => Buffer.from(mac.toString('hex')).toString('base64'),
			() => createHmac('sha512', STORED_SECRET).update(body).update(`:${signed.orgId}:${signed.t}`).digest('base64'),
			() => `${signed.v}${signed.v}`,
		];
		const index = b.rng.int(0, variants.length - 1);
		const bad = variants[index]();
		const header = render(signed.parts.map(([key, value]): Part => [key, key === 'v' ? bad : value]));
		return unauthorized(`v of the wrong length (variant ${index})`, body, header, { sensitive: [signed.v, bad] });
	},

	'v-wrong-hmac': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const orgId = b.orgId();
		const t = b.freshTimestamp();
		const mac = (key: string | Buffer, message: Buffer | string) => createHmac('sha256', key).update(message).digest('base64');
		const upper = STORED_SECRET.toUpperCase();
		const variants: Array<[string, () => string]> = [
			['body:t:o', () => mac(STORED_SECRET, Buffer.concat([body, Buffer.from(`:${t}:${orgId}`)]))],
			['o:t:body', () => mac(STORED_SECRET, Buffer.concat([Buffer.from(`${orgId}:${t}:`), body]))],
			['body only', () => mac(STORED_SECRET, body)],
			['no colons', () => mac(STORED_SECRET, Buffer.concat([body, Buffer.from(`${orgId}${t}`)]))],
			['t.body (another scheme)', () => mac(STORED_SECRET, `${t}.${body.toString()}`)],
			['without t', () => mac(STORED_SECRET, Buffer.concat([body, Buffer.from(`:${orgId}`)]))],
			['over re-serialised pretty JSON', () => referenceSignature(Buffer.from(JSON.stringify(envelope, null, 2)), STORED_SECRET, orgId, t)],
			['over the body plus a newline', () => referenceSignature(Buffer.concat([body, Buffer.from('\n')]), STORED_SECRET, orgId, t)],
			['key = hex-decoded secret', () => referenceSignature(body, Buffer.from(STORED_SECRET, 'hex'), orgId, t)],
			['key = upper-case secret', () => referenceSignature(body, upper === STORED_SECRET ? `${upper}x` : upper, orgId, t)],
			['plain SHA-256, no HMAC', () => createHash('sha256').update(body).update(`:${orgId}:${t}`).digest('base64')],
			['random 32 bytes', () => b.rng.bytes(32).toString('base64')],
			['for another t', () => referenceSignature(body, STORED_SECRET, orgId, String(Number(t) + b.rng.int(1, 100)))],
			['for another org', () => referenceSignature(body, STORED_SECRET, `${orgId}x`, t)],
			['for another body', () => referenceSignature(b.body(), STORED_SECRET, orgId, t)],
		];
		const [name, make] = b.rng.pick(variants);
		const v = make();
		const parts = b.rng.shuffle<Part>([
			['o', orgId],
			['t', t],
			['v', v],
		]);
		return unauthorized(`v is an HMAC ${name}`, body, render(parts), { sensitive: [v] });
	},

	'wrong-secret': (b) => {
		const body = b.body();
		const variants: Array<[string, () => string]> = [
			['random hex', () => b.rng.string(HEX, 64)],
			['random text', () => b.rng.string(NOT_WHITESPACE, b.rng.int(1, 80))],
			['empty', () => ''],
			['one digit changed', () => replaceAt(STORED_SECRET, b.rng.int(0, 63), STORED_SECRET[0] === 'f' ? 'e' : 'f')],
			['with a char appended', () => `${STORED_SECRET}0`],
			['one char short', () => STORED_SECRET.slice(0, -1)],
			['the API key instead', () => `fsapi-${b.rng.string(ORG_CHARS, 40)}`],
		];
		const [name, make] = b.rng.pick(variants);
		let secret = make();
		if (secret === STORED_SECRET) secret = `${secret}!`;
		const signed = b.sign(body, { secret });
		return unauthorized(`signed with another secret (${name})`, body, signed.header, { sensitive: [signed.v, secret] });
	},

	't-malformed': (b) => {
		const body = b.body();
		const seconds = b.freshTimestamp('seconds');
		const ms = b.freshTimestamp('milliseconds');
		const variants: Array<[string, () => string]> = [
			['huge', () => `${b.rng.int(1, 9)}${b.rng.string(DIGITS, b.rng.int(19, 40))}`],
			['16 digits (microseconds)', () => `${ms}${b.rng.string(DIGITS, 3)}`],
			['zero-padded to 16 digits', () => seconds.padStart(16, '0')],
			['negative', () => `-${b.rng.pick([seconds, ms])}`],
			['fractional', () => `${seconds}.${b.rng.string(DIGITS, b.rng.int(1, 3))}`],
			['exponent', () => b.rng.pick([`${seconds.slice(0, 1)}.${seconds.slice(1)}e9`, `${seconds}e0`, '1E10', '1.7e12'])],
			['hex', () => `0x${Number(seconds).toString(16)}`],
			['plus sign', () => `+${seconds}`],
			['with a unit', () => `${seconds}${b.rng.pick(['s', 'ms', 'Z'])}`],
			['an ISO date', () => new Date(Number(ms)).toISOString()],
			['a word', () => b.rng.pick(['NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'now', 'true'])],
			['grouped digits', () => `${seconds.slice(0, 4)}${b.rng.pick(['_', ' ', ',', "'"])}${seconds.slice(4)}`],
			['non-ASCII digits', () => [...seconds].map((digit) => String.fromCharCode(b.rng.pick([0x660, 0xff10, 0x966]) + Number(digit))).join('')],
			['empty', () => ''],
		];
		const [name, make] = b.rng.pick(variants);
		const t = make();
		const signed = b.sign(body, { t });
		return unauthorized(`t ${name}: ${JSON.stringify(t.slice(0, 48))}`, body, signed.header, { sensitive: [signed.v] });
	},

	't-stale': (b) => {
		const body = b.body();
		const unit = b.rng.pick(['seconds', 'milliseconds'] as const);
		// Past the window by at least 10 s, so the suite's own run time cannot bring it back in.
		const margins = [10, 60, 3600, 86_400, 86_400 * 365, 86_400 * 365 * 10, 86_400 * 365 * 50];
		const variant = b.rng.int(0, 5);
		let t: string;
		let parameters: IDataObject | undefined;
		let what: string;
		if (variant <= 2) {
			t = b.timestampAt(-(DEFAULT_WINDOW_SECONDS + b.rng.pick(margins)), unit);
			what = `${unit} beyond the window`;
		} else if (variant === 3) {
			t = b.rng.pick(['0', '1', '1000000000', '100000000000', '999999999999', '000000000000000']);
			what = 'an absolute past value';
		} else {
			// A narrower window, or an invalid one that must fall back to 300 s, never to "off".
			const window = b.rng.pick<number | string>([60, 120, -1, -300, '0', 'off']);
			parameters = { events: [SUBSCRIBED_EVENT], options: { replayWindowSeconds: window } };
			const effective = typeof window === 'number' && window >= 0 ? window : DEFAULT_WINDOW_SECONDS;
			t = b.timestampAt(-(effective + b.rng.pick(margins)), unit);
			what = `${unit} beyond a window option of ${JSON.stringify(window)}`;
		}
		const signed = b.sign(body, { t });
		return unauthorized(`stale t (${what})`, body, signed.header, { sensitive: [signed.v], parameters });
	},

	't-future': (b) => {
		const body = b.body();
		const unit = b.rng.pick(['seconds', 'milliseconds'] as const);
		const margins = [10, 60, 3600, 86_400, 86_400 * 365, 86_400 * 365 * 100];
		const variant = b.rng.int(0, 3);
		const t =
			variant <= 2
				? b.timestampAt(DEFAULT_WINDOW_SECONDS + b.rng.pick(margins), unit)
				: b.rng.pick(['9999999999', '99999999999', '999999999999999', '4102444800', '4102444800000']);
		const signed = b.sign(body, { t });
		return unauthorized(`future t ${t}`, body, signed.header, { sensitive: [signed.v] });
	},

	'wrong-org': (b) => {
		const body = b.body();
		const expectedOrgId = b.orgId();
		const variants = [
			() => b.orgId(),
			() => `${expectedOrgId}x`,
			() => `x${expectedOrgId}`,
			() => (expectedOrgId.toUpperCase() !== expectedOrgId ? expectedOrgId.toUpperCase() : `${expectedOrgId}-2`),
			() => expectedOrgId.slice(0, -1) || 'z',
		];
		let orgId = b.rng.pick(variants)();
		if (orgId === expectedOrgId) orgId = `${orgId}-other`;
		const signed = b.sign(body, { orgId });
		return unauthorized('signed for another organization than the expected one', body, signed.header, {
			sensitive: [signed.v],
			parameters: { events: [SUBSCRIBED_EVENT], options: { expectedOrgId } },
		});
	},

	'no-stored-secret': (b) => {
		const body = b.body();
		const staticData = b.rng.pick<IDataObject>([{}, { endpointSecret: '' }, { endpointSecret: 123 }, { endpointSecret: null }, { endpointId: 'abc' }]);
		const signed = b.sign(body, { secret: b.rng.chance() ? STORED_SECRET : '' });
		return unauthorized(`no usable secret stored (${JSON.stringify(staticData)})`, body, signed.header, {
			sensitive: [signed.v],
			staticData,
		});
	},

	'other-name': (b) => {
		const { body, signed } = validHeaderCase(b);
		const headerName = b.rng.pick([
			'x-fullstory-signature',
			'fullstory_signature',
			'fullstory-signature-v1',
			'fs-signature',
			'x-signature',
			'signature',
			'x-hub-signature-256',
			'fullstorysignature',
		]);
		return unauthorized(`a valid value under ${headerName}`, body, signed.header, { headerName, sensitive: [signed.v] });
	},

	'other-scheme': (b) => {
		const body = b.body();
		const t = b.freshTimestamp('seconds');
		const hex = createHmac('sha256', STORED_SECRET).update(`${t}.${body.toString()}`).digest('hex');
		const b64 = Buffer.from(hex, 'hex').toString('base64');
		const value = b.rng.pick([
			`t=${t},v1=${hex}`,
			`t=${t},v1=${b64}`,
			`sha256=${hex}`,
			`v1,${b64}`,
			b64,
			hex,
			`HMAC-SHA256 ${b64}`,
			`keyId="fullstory",signature="${b64}"`,
		]);
		const headerName = b.rng.pick(['fullstory-signature', 'x-fullstory-signature', 'x-fs-signature']);
		return unauthorized(`another signature scheme under ${headerName}`, body, value, { headerName, sensitive: [hex, b64] });
	},

	'junk-around': (b) => {
		const { body, signed } = validHeaderCase(b);
		const h = signed.header;
		const variants = [
			`Bearer ${h}`,
			`"${h}"`,
			`${h},`,
			`,${h}`,
			`${h};`,
			`${h},,`,
			`{${h}}`,
			JSON.stringify({ o: signed.orgId, t: signed.t, v: signed.v }),
			encodeURIComponent(h),
			`FullStory ${h}`,
			`sha256=${h}`,
			`${h}\u0000`,
			`[${h}]`,
		];
		const index = b.rng.int(0, variants.length - 1);
		return unauthorized(`junk around a valid value (variant ${index})`, body, variants[index], { sensitive: [signed.v] });
	},

	'random-garbage': (b) => {
		const length = b.rng.pick([1, 2, 5, 20, 60, 120, 300, 511, 512, 513, 700]);
		const value = b.rng.chance(0.4) ? b.rng.string(NOT_WHITESPACE.slice(0, 94), length) : unicodeGarbage(b.rng, length);
		return unauthorized(`${length} random chars`, b.body(), value);
	},

	'fragment-garbage': (b) => {
		const orgId = b.orgId();
		const t = b.freshTimestamp();
		const fragments = [
			'o:',
			't:',
			'v:',
			',',
			':',
			' ',
			'=',
			'-',
			'+',
			'/',
			orgId,
			t,
			() => `${b.rng.string(BASE64_CHARS, 43)}=`,
			() => b.rng.string(BASE64_CHARS, b.rng.int(1, 50)),
			() => b.rng.string(DIGITS, b.rng.int(1, 20)),
		];
		let value = '';
		const count = b.rng.int(1, 30);
		for (let i = 0; i < count; i++) {
			const fragment = b.rng.pick(fragments);
			value += typeof fragment === 'function' ? fragment() : fragment;
		}
		// Built without the secret: nothing in it can be a correct HMAC.
		return unauthorized(`${count} fragments`, b.body(), value);
	},
};

// ---------------------------------------------------------------------------------------------
// Body cases: bodies that are not a FullStory event, signed correctly (400) or not (401).

interface BadBody {
	what: string;
	body: Buffer;
	contentType?: string | null;
}

function envelopeTokens(b: Builder): string[] {
	const envelope = b.envelope();
	return ['{', '"eventName"', ':', JSON.stringify(envelope.eventName), ',', '"version"', ':', '1', ',', '"data"', ':', JSON.stringify(envelope.data), '}'];
}

function nestedArrays(depth: number, closed: boolean): string {
	return '['.repeat(depth) + (closed ? ']'.repeat(depth) : '');
}

/** Exactly `size` bytes: `prefix`, then `fill` repeated, then `suffix`. */
function sized(size: number, prefix: string, fill: string, suffix: string): Buffer {
	const out = Buffer.alloc(size, fill);
	out.write(prefix, 0);
	out.write(suffix, size - Buffer.byteLength(suffix));
	return out;
}

const badBodies: Record<string, (b: Builder) => BadBody> = {
	empty: () => ({ what: 'an empty body', body: Buffer.alloc(0) }),

	whitespace: (b) => ({ what: 'whitespace only', body: Buffer.from(b.rng.pick([' ', '\n', '\r\n', '\t', '   \n\t  '])) }),

	'not-json': (b) => {
		const text = JSON.stringify(b.envelope());
		const variants: Array<[string, () => Buffer]> = [
			// The leading "Z" keeps random text from being valid JSON by chance.
			['random text', () => Buffer.from(`Z${b.rng.string(NOT_WHITESPACE.slice(0, 94), b.rng.int(0, 400))}`)],
			['random bytes', () => Buffer.concat([Buffer.from('Z'), b.rng.bytes(b.rng.int(0, 400))])],
			['a truncated event', () => Buffer.from(text.slice(0, b.rng.int(1, text.length - 1)))],
			['form-encoded', () => Buffer.from('eventName=note.created&version=1&data=%7B%7D')],
			['XML', () => Buffer.from('<?xml version="1.0"?><event><eventName>note.created</eventName><version>1</version></event>')],
			['YAML', () => Buffer.from('eventName: note.created\nversion: 1\ndata: {}\n')],
			['single-quoted JSON', () => Buffer.from(text.replace(/"/g, "'"))],
			['a trailing comma', () => Buffer.from(`${text.slice(0, -1)},}`)],
			['a comment', () => Buffer.from(`/* FullStory */${text}`)],
			['two events (NDJSON)', () => Buffer.from(`${text}\n${text}\n`)],
			['unquoted keys', () => Buffer.from(text.replace(/"(eventName|version|data)":/g, '$1:'))],
			['trailing garbage', () => Buffer.from(`${text}garbage`)],
			['a leading zero', () => Buffer.from(text.replace('"version":1', '"version":01'))],
			['a JS literal', () => Buffer.from(b.rng.pick(['undefined', 'NaN', 'Infinity', '{eventName}']))],
		];
		const [what, make] = b.rng.pick(variants);
		return { what: `not JSON: ${what}`, body: make() };
	},

	'not-object': (b) => {
		const envelope = b.envelope();
		const value = b.rng.pick<unknown>([
			[],
			[envelope],
			[envelope, envelope],
			'note.created',
			JSON.stringify(envelope),
			1,
			-0,
			1e308,
			true,
			false,
			null,
			[1, 2, 3],
		]);
		const body = b.rng.chance(0.1) ? Buffer.from('1e999') : json(value);
		return { what: `JSON that is not an object: ${body.subarray(0, 24).toString()}`, body };
	},

	'missing-fields': (b) => {
		const envelope: IDataObject = { ...b.envelope() };
		const fields = ['eventName', 'version', 'data'];
		const mask = b.rng.int(1, 7);
		const removed = fields.filter((_, i) => (mask & (1 << i)) !== 0);
		for (const field of removed) delete envelope[field];
		return { what: `an object without ${removed.join(', ')}`, body: json(envelope) };
	},

	'wrong-types': (b) => {
		const envelope: IDataObject = { ...b.envelope() };
		const wrong: Record<string, unknown[]> = {
			eventName: [1, 0, '', null, true, false, [], {}, ['note.created'], { name: 'note.created' }],
			version: ['1', '', null, true, [], {}, [1]],
			data: [null, [], [{}], 'x', '', 1, 0, true, false],
		};
		const field = b.rng.pick(Object.keys(wrong));
		envelope[field] = b.rng.pick(wrong[field]) as IDataObject[string];
		return { what: `${field} is ${JSON.stringify(envelope[field])}`, body: json(envelope) };
	},

	'deep-nesting': (b) => {
		const depth = b.rng.pick([10_000, 10_000, 50_000, 100_000]);
		const variants: Array<[string, () => string]> = [
			['unclosed arrays', () => nestedArrays(depth, false)],
			['closed arrays', () => nestedArrays(depth, true)],
			['nested objects', () => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
			['an envelope whose data is nested arrays', () => `{"eventName":"note.created","version":1,"data":${nestedArrays(depth, true)}}`],
			['an envelope whose eventName is nested arrays', () => `{"eventName":${nestedArrays(depth, true)},"version":1,"data":{}}`],
		];
		const [what, make] = b.rng.pick(variants);
		return { what: `${depth} levels: ${what}`, body: Buffer.from(make()) };
	},

	'ten-mb': (b) => {
		const variants: Array<[string, () => Buffer]> = [
			['not JSON', () => Buffer.alloc(TEN_MB, 'A')],
			['a JSON array', () => sized(TEN_MB, '[0', ',0', ']')],
			['an object without eventName', () => sized(TEN_MB, '{"version":1,"data":{"blob":"', 'a', '"}}')],
			['unclosed arrays', () => Buffer.alloc(TEN_MB, '[')],
		];
		const [what, make] = variants[b.rng.int(0, variants.length - 1)];
		return { what: `10 MB: ${what}`, body: make() };
	},

	'invalid-utf8': (b) => {
		const badBytes = [[0xff], [0xfe], [0xc0, 0xbb], [0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xed, 0xa0, 0x80]];
		if (b.rng.chance(0.2)) {
			// UTF-16 is not what JSON on the wire may be (RFC 8259 §8.1).
			const text = JSON.stringify(b.envelope());
			const le = Buffer.from(text, 'utf16le');
			const body = b.rng.chance() ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le.swap16();
			return { what: 'the event encoded as UTF-16', body };
		}
		// Invalid bytes between two tokens, outside any string, so the JSON text itself is broken.
		// Invalid bytes inside a string are a known bug (see "known bugs" in badInput.test.ts).
		const tokens = envelopeTokens(b).map((token) => Buffer.from(token));
		const at = b.rng.int(0, tokens.length);
		const bytes = Buffer.from(b.rng.pick(badBytes));
		tokens.splice(at, 0, bytes);
		return { what: `invalid UTF-8 ${bytes.toString('hex')} between tokens`, body: Buffer.concat(tokens) };
	},

	'wrong-content-type': (b) => {
		const family = b.rng.pick(['not-json', 'not-object', 'missing-fields', 'wrong-types', 'empty']);
		const inner = badBodies[family](b);
		const contentType = b.rng.pick<string | null>([
			'text/plain',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=----fullstory',
			'application/xml',
			'application/octet-stream',
			'application/json; charset=utf-16',
			null,
		]);
		return { what: `${inner.what}, sent as ${contentType ?? 'no content type'}`, body: inner.body, contentType };
	},
};

/** Ways to get the signature wrong for a body case; the body is then never looked at. */
function invalidSignature(b: Builder, body: Buffer): { what: string; signature?: string; headerName?: string; sensitive: string[] } {
	const variant = b.rng.int(0, 5);
	if (variant === 0) {
		const signed = b.sign(body, { secret: b.rng.string(HEX, 64) });
		return { what: 'signed with another secret', signature: signed.header, sensitive: [signed.v] };
	}
	if (variant === 1) {
		// A genuine signature of another body: a replayed header.
		const signed = b.sign(b.body());
		return { what: "another body's valid signature", signature: signed.header, sensitive: [signed.v] };
	}
	if (variant === 2) return { what: 'no signature', sensitive: [] };
	if (variant === 3) {
		const signed = b.sign(body);
		const at = signed.header.indexOf('v:') + 2 + b.rng.int(0, 41);
		const replaced = signed.header[at] === 'A' ? 'B' : 'A';
		return { what: 'a signature with one digit changed', signature: replaceAt(signed.header, at, replaced), sensitive: [signed.v] };
	}
	if (variant === 4) {
		const signed = b.sign(body, { t: b.timestampAt(-(DEFAULT_WINDOW_SECONDS + 3600), 'seconds') });
		return { what: 'a correct but stale signature', signature: signed.header, sensitive: [signed.v] };
	}
	const signed = b.sign(body);
	return { what: 'a correct signature under another header name', signature: signed.header, headerName: 'x-fullstory-signature', sensitive: [signed.v] };
}

function signedBodyBuild(family: string): Build {
	return (b) => {
		const bad = badBodies[family](b);
		const signed = b.sign(bad.body);
		return {
			description: bad.what,
			// A multipart request is refused from its Content-Type before its body is read.
			expected: bad.contentType?.startsWith('multipart/form-data') === true ? 'unauthorized' : 'not_an_event',
			rawBody: bad.body,
			signature: signed.header,
			contentType: bad.contentType,
			sensitive: [signed.v],
		};
	};
}

function unsignedBodyBuild(family: string): Build {
	return (b) => {
		const bad = badBodies[family](b);
		const wrong = invalidSignature(b, bad.body);
		return {
			description: `${bad.what}, with ${wrong.what}`,
			expected: 'unauthorized',
			rawBody: bad.body,
			signature: wrong.signature,
			headerName: wrong.headerName,
			contentType: bad.contentType,
			sensitive: wrong.sensitive,
		};
	};
}

// ---------------------------------------------------------------------------------------------
// Control group: valid deliveries in every accepted form, so the harness is seen to see success.

function executed(description: string, body: Buffer, envelope: { eventName: string; data: IDataObject }, signed: Signed, rest: Partial<Draft> = {}): Draft {
	return {
		description,
		expected: 'executed',
		rawBody: body,
		signature: signed.header,
		sensitive: [signed.v],
		expectedEventName: envelope.eventName,
		expectedEventKey: eventKeyOf(envelope.eventName, envelope.data, body),
		...rest,
	};
}

function spaced(b: Builder, text: string): string {
	return `${b.rng.string([' ', '\t'], b.rng.int(0, 3))}${text}${b.rng.string([' ', '\t'], b.rng.int(0, 3))}`;
}

const controlBuilds: Record<string, Build> = {
	plain: (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		return executed('a valid delivery', body, envelope, signed);
	},

	'reordered-spaced': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		const header = signed.parts.map(([key, value]) => `${spaced(b, key)}:${spaced(b, value)}`).join(',');
		return executed('parts reordered, spaces and tabs around keys and values', body, envelope, { ...signed, header });
	},

	'extra-parts': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		const parts = [...signed.parts];
		const extra = b.rng.int(1, 5);
		for (let i = 0; i < extra; i++) parts.splice(b.rng.int(0, parts.length), 0, [b.rng.pick(['x', 'id', 'alg', 'kid', 'n'].map((key) => `${key}${i}`)), b.rng.string(ORG_CHARS, b.rng.int(0, 12))]);
		return executed(`${extra} unknown parts added (${parts.length} in all)`, body, envelope, { ...signed, header: render(parts) });
	},

	'fallback-header': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		return executed('the X-FS-Signature header name', body, envelope, signed, { headerName: 'x-fs-signature' });
	},

	'expected-org': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		const option = b.rng.chance() ? signed.orgId : ` ${signed.orgId} `;
		return executed('the expected organization', body, envelope, signed, {
			parameters: { events: [SUBSCRIBED_EVENT], options: { expectedOrgId: option } },
		});
	},

	'content-type': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const signed = b.sign(body);
		// The signature is over the bytes: what the sender calls them does not change them.
		const contentType = b.rng.pick<string | null>(['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', null]);
		return executed(`a valid event sent as ${contentType ?? 'no content type'}`, body, envelope, signed, { contentType });
	},

	'snake-case': (b) => {
		const envelope = b.envelope();
		const body = json({ event_name: envelope.eventName, version: 1, data: envelope.data });
		const signed = b.sign(body);
		return executed('event_name in snake case', body, envelope, signed);
	},

	pretty: (b) => {
		const envelope = b.envelope();
		let text = JSON.stringify(envelope, null, b.rng.pick([2, 4, '\t']));
		if (b.rng.chance()) text = text.replace(/\n/g, '\r\n');
		const body = Buffer.from(text);
		const signed = b.sign(body);
		return executed('pretty-printed JSON, signed as sent', body, envelope, signed);
	},

	'leading-zero-t': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const t = b.freshTimestamp().padStart(b.rng.int(14, 15), '0');
		const signed = b.sign(body, { t });
		return executed(`t zero-padded to ${t.length} digits`, body, envelope, signed);
	},

	'window-options': (b) => {
		const envelope = b.envelope();
		const body = json(envelope);
		const off = b.rng.chance();
		const t = off ? b.rng.pick(['1000000000', '1', '99999999999', b.timestampAt(-86_400 * 365, 'milliseconds')]) : b.timestampAt(-3600, b.rng.pick(['seconds', 'milliseconds'] as const));
		const signed = b.sign(body, { t });
		return executed(off ? `window off, t ${t}` : 'a one-day window, t an hour old', body, envelope, signed, {
			parameters: { events: [SUBSCRIBED_EVENT], options: { replayWindowSeconds: off ? 0 : 86_400 } },
		});
	},

	'other-subscribed-type': (b) => {
		const eventName = b.rng.pick(['metric.alert', 'nativemobile.event.crash']);
		const envelope = b.envelope(eventName);
		const body = json(envelope);
		const signed = b.sign(body);
		return executed(`a subscribed ${eventName}`, body, envelope, signed, { parameters: { events: [SUBSCRIBED_EVENT, eventName], options: {} } });
	},

	'test-event-emitted': (b) => {
		const envelope = { eventName: 'test', version: 1, data: { target: 'https://example.com', initiatedBy: 'a@example.com', message: 'hello' } };
		const body = json(envelope);
		const signed = b.sign(body);
		return executed('a test event with Run on Test Events on', body, envelope, signed, {
			parameters: { events: [SUBSCRIBED_EVENT], options: { emitTestEvents: true } },
		});
	},

	'deep-data': (b) => {
		const envelope = b.envelope();
		const depth = b.rng.pick([1000, 10_000]);
		const data = JSON.stringify(envelope.data);
		const body = Buffer.from(`{"eventName":"${envelope.eventName}","version":1,"data":{"deep":${nestedArrays(depth, true)},${data.slice(1)}}`);
		const signed = b.sign(body);
		return executed(`a valid event with ${depth} levels of nesting in data`, body, envelope, signed);
	},

	'ten-mb': (b) => {
		const envelope = b.envelope();
		const prefix = JSON.stringify(envelope).replace(/}}$/, ',"blob":"');
		const body = sized(TEN_MB, prefix, 'b', '"}}');
		const signed = b.sign(body);
		return executed('a valid 10 MB event', body, envelope, signed);
	},

	'test-event': (b) => {
		const body = json({ eventName: 'test', version: 1, data: { message: 'hello', pirateQuote: 'Arr' } });
		const signed = b.sign(body);
		return { description: 'a test event, Run on Test Events off', expected: 'ignored', rawBody: body, signature: signed.header, sensitive: [signed.v] };
	},

	unsubscribed: (b) => {
		const eventName = b.rng.pick(['metric.alert', 'segment.trend.alert', 'recording.event.custom', 'nativemobile.event.crash', 'some.future.event']);
		const body = json(b.envelope(eventName));
		const signed = b.sign(body);
		return { description: `an unsubscribed ${eventName}`, expected: 'ignored', rawBody: body, signature: signed.header, sensitive: [signed.v] };
	},
};

// ---------------------------------------------------------------------------------------------
// The plan

const HEADER_COUNTS: Record<keyof typeof headerBuilds, number> = {
	missing: 50,
	empty: 30,
	'missing-part': 300,
	'empty-part': 200,
	'duplicated-part': 400,
	'repeated-header-joined': 150,
	'header-array': 150,
	'garbled-separator': 300,
	'garbled-key': 300,
	truncated: 400,
	'inserted-char': 500,
	'deleted-char': 400,
	'replaced-char': 500,
	'over-long': 300,
	'too-many-parts': 150,
	'v-not-base64': 300,
	'v-wrong-length': 300,
	'v-wrong-hmac': 300,
	'wrong-secret': 200,
	't-malformed': 400,
	't-stale': 200,
	't-future': 200,
	'wrong-org': 150,
	'no-stored-secret': 50,
	'other-name': 150,
	'other-scheme': 100,
	'junk-around': 100,
	'random-garbage': 300,
	'fragment-garbage': 300,
};

/** Per side: each family is sent once signed (400) and once with a bad signature (401). */
const BODY_COUNTS: Record<keyof typeof badBodies, number> = {
	empty: 20,
	whitespace: 30,
	'not-json': 400,
	'not-object': 200,
	'missing-fields': 210,
	'wrong-types': 300,
	'deep-nesting': 12,
	'ten-mb': 4,
	'invalid-utf8': 200,
	'wrong-content-type': 200,
};

const CONTROL_COUNTS: Record<keyof typeof controlBuilds, number> = {
	plain: 150,
	'reordered-spaced': 60,
	'extra-parts': 40,
	'fallback-header': 30,
	'expected-org': 30,
	'content-type': 30,
	'snake-case': 20,
	pretty: 30,
	'leading-zero-t': 20,
	'window-options': 20,
	'other-subscribed-type': 20,
	'test-event-emitted': 10,
	'deep-data': 4,
	'ten-mb': 1,
	'test-event': 40,
	unsubscribed: 60,
};

const BUILDS = new Map<string, Build>();
for (const kind of Object.keys(headerBuilds)) BUILDS.set(`header/${kind}`, headerBuilds[kind]);
for (const family of Object.keys(badBodies)) {
	BUILDS.set(`body-signed/${family}`, signedBodyBuild(family));
	BUILDS.set(`body-unsigned/${family}`, unsignedBodyBuild(family));
}
for (const kind of Object.keys(controlBuilds)) BUILDS.set(`control/${kind}`, controlBuilds[kind]);

/** Every case's id, category and kind, in a seeded order that mixes the kinds across batches. */
export function plannedCases(seed = CORPUS_SEED): PlannedCase[] {
	const entries: Array<[Category, string, number]> = [
		...Object.entries(HEADER_COUNTS).map(([kind, count]): [Category, string, number] => ['header', kind, count]),
		...Object.entries(BODY_COUNTS).flatMap(([family, count]): Array<[Category, string, number]> => [
			['body-signed', family, count],
			['body-unsigned', family, count],
		]),
		...Object.entries(CONTROL_COUNTS).map(([kind, count]): [Category, string, number] => ['control', kind, count]),
	];
	const kinds = entries.flatMap(([category, kind, count]) => Array.from({ length: count }, () => ({ category, kind })));
	return new Random(seed).shuffle(kinds).map((entry, id) => ({ id, ...entry }));
}

/** Only printable ASCII and tabs travel through an HTTP header unchanged. */
const HTTP_SAFE_VALUE = /^[\t\x20-\x7e]*$/;

/** The case, built now: the same bytes for the same seed, id and clock. */
export function buildCase(planned: PlannedCase, nowMs: number, seed = CORPUS_SEED): CorpusCase {
	const build = BUILDS.get(`${planned.category}/${planned.kind}`);
	if (build === undefined) throw new Error(`No builder for ${planned.category}/${planned.kind}`);
	const draft = build(new Builder(new Random(caseSeed(seed, planned.id)), nowMs));
	const headers: Headers = {};
	const contentType = draft.contentType === undefined ? 'application/json' : draft.contentType;
	if (contentType !== null) headers['content-type'] = contentType;
	Object.assign(headers, draft.extraHeaders);
	if (draft.signature !== undefined) headers[draft.headerName ?? 'fullstory-signature'] = draft.signature;
	const signatureValues = draft.signature === undefined ? [] : [draft.signature].flat();
	const sensitive = [STORED_SECRET, ...(draft.sensitive ?? []), ...signatureValues].filter((value) => value.trim().length >= 16);
	const headerValues = Object.values(headers).flatMap((value) => (value === undefined ? [] : [value].flat()));
	const overHttp =
		draft.overHttp !== false &&
		draft.rawBody !== undefined &&
		headerValues.every((value) => value.length <= 8000 && HTTP_SAFE_VALUE.test(value));
	return {
		...planned,
		description: draft.description,
		expected: draft.expected,
		expectedEventName: draft.expectedEventName,
		expectedEventKey: draft.expectedEventKey,
		parameters: draft.parameters ?? { events: [SUBSCRIBED_EVENT], options: {} },
		staticData: draft.staticData ?? { endpointSecret: STORED_SECRET },
		headers,
		rawBody: draft.rawBody,
		sensitive: [...new Set(sensitive)],
		overHttp,
	};
}

/** A fingerprint of a built case, to show that building is deterministic. */
export function fingerprint(corpusCase: CorpusCase): string {
	const hash = createHash('sha256');
	hash.update(JSON.stringify([corpusCase.kind, corpusCase.expected, corpusCase.headers, corpusCase.parameters, corpusCase.staticData]));
	if (corpusCase.rawBody !== undefined) hash.update(corpusCase.rawBody);
	return hash.digest('hex');
}
