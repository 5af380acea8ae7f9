/**
 * The tests' reference signer against the known-answer vectors (docs/fullstory-api.md §3.1): the
 * same vectors hold the emulator's signer (test/emulator/sign.test.ts) and the trigger's verifier
 * (test/signature.test.ts) to account, so all three agree without importing each other.
 */
import vectors from '../fixtures/signature-vectors.json';
import { referenceHeader, referenceMac, referenceSignature } from './referenceSigner';

describe('reference signer', () => {
	it('has vectors to check against', () => {
		expect(vectors.vectors.length).toBeGreaterThanOrEqual(2);
	});

	it.each(vectors.vectors)('reproduces $name', (vector) => {
		expect(referenceSignature(vector.body, vector.secret, vector.orgId, vector.timestamp)).toBe(vector.signature);
		expect(referenceHeader(vector.body, vector.secret, vector.orgId, vector.timestamp)).toBe(vector.header);
	});

	it('signs the bytes, so a Buffer and its UTF-8 string sign alike', () => {
		for (const vector of vectors.vectors) {
			expect(referenceSignature(Buffer.from(vector.body, 'utf8'), vector.secret, vector.orgId, vector.timestamp)).toBe(vector.signature);
		}
	});

	it('gives the HMAC the docs print in hex for the first vector', () => {
		const [testVector] = vectors.vectors;
		expect(referenceMac(testVector.body, testVector.secret, testVector.orgId, testVector.timestamp).toString('hex')).toBe(
			'f3ed08f66c469b81991c9059af6c5342704b32830971efad0e867b1c99118a90',
		);
	});

	it('no longer matches the same JSON pretty-printed', () => {
		const [testVector] = vectors.vectors;
		const pretty = JSON.stringify(JSON.parse(testVector.body), null, 2);
		expect(referenceSignature(pretty, testVector.secret, testVector.orgId, testVector.timestamp)).not.toBe(testVector.signature);
	});
});
