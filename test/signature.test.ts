/**
 * The trigger's verifier against the known-answer vectors of docs/fullstory-api.md §3.1 and
 * every way a header or timestamp can be wrong. Signatures for the other cases come from the tests'
 * reference signer, independent of both the verifier and the emulator's signer.
 */
import vectors from './fixtures/signature-vectors.json';
import { parseSignatureHeader, verifySignature } from '../nodes/FullStoryTrigger/delivery/signature';
import { referenceHeader } from './helpers/referenceSigner';

const [testVector, noteVector] = vectors.vectors;
const vectorNowMs = Number(testVector.timestamp) * 1000;

function check(header: string | string[] | undefined, overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
	return verifySignature({
		rawBody: Buffer.from(testVector.body),
		header,
		secret: testVector.secret,
		nowMs: vectorNowMs,
		replayWindowSeconds: 300,
		...overrides,
	});
}

describe('known-answer vectors', () => {
	it.each(vectors.vectors)('accepts $name', (vector) => {
		const result = verifySignature({
			rawBody: Buffer.from(vector.body, 'utf8'),
			header: vector.header,
			secret: vector.secret,
			nowMs: Number(vector.timestamp) * 1000,
			replayWindowSeconds: 300,
		});
		expect(result).toEqual({ ok: true, orgId: vector.orgId, timestampMs: Number(vector.timestamp) * 1000 });
	});

	it('parses the vector header into its parts', () => {
		const parts = parseSignatureHeader(noteVector.header);
		expect(parts?.orgId).toBe('o-1ABCDE-na1');
		expect(parts?.timestamp).toBe('1714560000');
		expect(parts?.signature.toString('base64')).toBe(noteVector.signature);
	});

	it('rejects the same JSON pretty-printed: the raw bytes are what is signed', () => {
		const pretty = JSON.stringify(JSON.parse(testVector.body), null, 2);
		expect(check(testVector.header, { rawBody: Buffer.from(pretty) })).toEqual({ ok: false, reason: 'signature_mismatch' });
	});
});

describe('rejections', () => {
	it('fails closed without a stored secret', () => {
		expect(check(testVector.header, { secret: undefined })).toEqual({ ok: false, reason: 'no_secret' });
		expect(check(testVector.header, { secret: '' })).toEqual({ ok: false, reason: 'no_secret' });
	});

	it('rejects a tampered body', () => {
		const tampered = Buffer.from(testVector.body.replace('hello', 'hellp'));
		expect(check(testVector.header, { rawBody: tampered })).toEqual({ ok: false, reason: 'signature_mismatch' });
	});

	it('rejects a signature made with another secret', () => {
		const header = referenceHeader(testVector.body, 'another-secret', testVector.orgId, testVector.timestamp);
		expect(check(header)).toEqual({ ok: false, reason: 'signature_mismatch' });
	});

	it('rejects a changed org id or timestamp, which are part of the signed message', () => {
		const v = testVector.signature;
		expect(check(`o:o-OTHER-na1,t:${testVector.timestamp},v:${v}`)).toEqual({ ok: false, reason: 'signature_mismatch' });
		expect(check(`o:${testVector.orgId},t:1714560001,v:${v}`)).toEqual({ ok: false, reason: 'signature_mismatch' });
	});

	it('rejects a missing or empty header', () => {
		expect(check(undefined)).toEqual({ ok: false, reason: 'missing_header' });
		expect(check('')).toEqual({ ok: false, reason: 'missing_header' });
	});

	it.each([
		['garbage', 'not a signature'],
		['missing v', `o:${testVector.orgId},t:${testVector.timestamp}`],
		['missing o', `t:${testVector.timestamp},v:${testVector.signature}`],
		['missing t', `o:${testVector.orgId},v:${testVector.signature}`],
		['empty v', `o:${testVector.orgId},t:${testVector.timestamp},v:`],
		['a part without a key', `:x,${testVector.header}`],
		['duplicated v', `${testVector.header},v:${testVector.signature}`],
		['duplicated t', `${testVector.header},t:${testVector.timestamp}`],
		['header sent twice (joined by Node)', `${testVector.header}, ${testVector.header}`],
		['over-long header', `${testVector.header},x:${'a'.repeat(600)}`],
		['too many parts', `${testVector.header},a:1,b:2,c:3,d:4,e:5,f:6`],
		['hex signature', `o:${testVector.orgId},t:${testVector.timestamp},v:${Buffer.from(testVector.signature, 'base64').toString('hex')}`],
		['non-base64 v', `o:${testVector.orgId},t:${testVector.timestamp},v:${'!'.repeat(43)}=`],
		['v one byte short', `o:${testVector.orgId},t:${testVector.timestamp},v:${Buffer.alloc(31, 7).toString('base64')}`],
		['v one byte long', `o:${testVector.orgId},t:${testVector.timestamp},v:${Buffer.alloc(33, 7).toString('base64')}`],
		['base64url v', `o:${testVector.orgId},t:${testVector.timestamp},v:${Buffer.from(testVector.signature, 'base64').toString('base64url')}`],
		['negative t', `o:${testVector.orgId},t:-1714560000,v:${testVector.signature}`],
		['fractional t', `o:${testVector.orgId},t:1714560000.5,v:${testVector.signature}`],
		['huge t', `o:${testVector.orgId},t:${'9'.repeat(30)},v:${testVector.signature}`],
		['t as a date', `o:${testVector.orgId},t:2024-05-01T10:40:00Z,v:${testVector.signature}`],
		['another scheme (v1=hex)', `t=${testVector.timestamp},v1=${'a'.repeat(64)}`],
	])('rejects a malformed header: %s', (_, header) => {
		expect(check(header)).toEqual({ ok: false, reason: 'malformed_header' });
	});

	it('rejects a repeated header given as an array', () => {
		expect(check([testVector.header, testVector.header])).toEqual({ ok: false, reason: 'malformed_header' });
	});

	it('ignores unknown extra parts and surrounding spaces', () => {
		expect(check(` o:${testVector.orgId} , t:${testVector.timestamp} ,v:${testVector.signature},x:future`).ok).toBe(true);
	});
});

describe('replay window', () => {
	const body = Buffer.from(testVector.body);
	const nowMs = 1_800_000_000_000;

	function signedAt(timestamp: string) {
		return referenceHeader(body, testVector.secret, testVector.orgId, timestamp);
	}

	it.each([
		['seconds', (ms: number) => String(Math.floor(ms / 1000))],
		['milliseconds', (ms: number) => String(ms)],
	])('in %s: accepts inside the window, rejects stale and future', (_, format) => {
		const at = (offsetSeconds: number) => signedAt(format(nowMs + offsetSeconds * 1000));
		const verify = (header: string) => check(header, { rawBody: body, nowMs, replayWindowSeconds: 300 });
		expect(verify(at(0)).ok).toBe(true);
		expect(verify(at(-299)).ok).toBe(true);
		expect(verify(at(299)).ok).toBe(true);
		expect(verify(at(-301))).toEqual({ ok: false, reason: 'stale_timestamp', distanceSeconds: 301 });
		expect(verify(at(301))).toEqual({ ok: false, reason: 'future_timestamp', distanceSeconds: 301 });
		expect(verify(at(-86_400 * 365))).toEqual({ ok: false, reason: 'stale_timestamp', distanceSeconds: 86_400 * 365 });
	});

	it('rounds the distance up, so it always exceeds the window it broke', () => {
		const verify = (offsetMs: number) => check(signedAt(String(nowMs + offsetMs)), { rawBody: body, nowMs, replayWindowSeconds: 300 });
		expect(verify(-300_001)).toEqual({ ok: false, reason: 'stale_timestamp', distanceSeconds: 301 });
		expect(verify(300_001)).toEqual({ ok: false, reason: 'future_timestamp', distanceSeconds: 301 });
		expect(verify(-300_000).ok).toBe(true);
	});

	it('reads a millisecond timestamp as such', () => {
		const result = check(signedAt(String(nowMs)), { rawBody: body, nowMs });
		expect(result).toEqual({ ok: true, orgId: testVector.orgId, timestampMs: nowMs });
	});

	it('is off when the window is 0', () => {
		const ancient = signedAt('1000000000');
		expect(check(ancient, { rawBody: body, nowMs, replayWindowSeconds: 0 }).ok).toBe(true);
		expect(check(ancient, { rawBody: body, nowMs, replayWindowSeconds: 300 })).toEqual({
			ok: false,
			reason: 'stale_timestamp',
			distanceSeconds: 800_000_000,
		});
	});

	it('reports a forged signature as a mismatch even when it is also stale', () => {
		const forged = referenceHeader(body, 'wrong', testVector.orgId, '1000000000');
		expect(check(forged, { rawBody: body, nowMs })).toEqual({ ok: false, reason: 'signature_mismatch' });
	});
});

describe('organization check', () => {
	it('accepts the expected org id and rejects another', () => {
		expect(check(testVector.header, { expectedOrgId: testVector.orgId }).ok).toBe(true);
		expect(check(testVector.header, { expectedOrgId: 'o-OTHER-na1' })).toEqual({ ok: false, reason: 'org_mismatch' });
	});

	it('compares org ids exactly, as opaque strings', () => {
		expect(check(testVector.header, { expectedOrgId: testVector.orgId.toUpperCase() })).toEqual({
			ok: false,
			reason: 'org_mismatch',
		});
	});

	it('accepts a legacy short org id', () => {
		const header = referenceHeader(testVector.body, testVector.secret, 'TN1', testVector.timestamp);
		expect(check(header, { expectedOrgId: 'TN1' })).toEqual({ ok: true, orgId: 'TN1', timestampMs: vectorNowMs });
	});
});
