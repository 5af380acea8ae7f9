import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SIGNATURE_HEADER, signatureFor, signatureHeaderValue, signBody, unixSeconds } from '../../emulator/deliveries/sign';

interface Vector {
	name: string;
	secret: string;
	orgId: string;
	timestamp: string;
	body: string;
	signature: string;
	header: string;
}

function loadVectors(): Vector[] {
	const parsed: unknown = JSON.parse(readFileSync(join(__dirname, '../fixtures/signature-vectors.json'), 'utf8'));
	if (typeof parsed !== 'object' || parsed === null || !('vectors' in parsed) || !Array.isArray(parsed.vectors)) {
		throw new Error('signature-vectors.json has no vectors');
	}
	return parsed.vectors.map((vector: unknown) => {
		if (typeof vector !== 'object' || vector === null) throw new Error('vector is not an object');
		const field = (key: string): string => {
			const value: unknown = Reflect.get(vector, key);
			if (typeof value !== 'string') throw new Error(`vector.${key} is not a string`);
			return value;
		};
		return {
			name: field('name'),
			secret: field('secret'),
			orgId: field('orgId'),
			timestamp: field('timestamp'),
			body: field('body'),
			signature: field('signature'),
			header: field('header'),
		};
	});
}

describe('emulator signer (fullstory-api.md §3)', () => {
	const vectors = loadVectors();

	it('has both known-answer vectors', () => {
		expect(vectors).toHaveLength(2);
	});

	it.each(vectors.map((vector) => [vector.name, vector] as const))('reproduces %s', (_name, vector) => {
		expect(signatureFor(vector.body, vector.secret, vector.orgId, vector.timestamp)).toBe(vector.signature);
		expect(signatureFor(Buffer.from(vector.body, 'utf8'), vector.secret, vector.orgId, vector.timestamp)).toBe(
			vector.signature,
		);
		expect(signBody(vector.body, vector.secret, vector.orgId, vector.timestamp)).toBe(vector.header);
		expect(signatureHeaderValue(vector.orgId, vector.timestamp, vector.signature)).toBe(vector.header);
	});

	it('no longer matches once the body is pretty-printed', () => {
		const [vector] = vectors;
		const pretty = JSON.stringify(JSON.parse(vector.body), null, 2);
		expect(signatureFor(pretty, vector.secret, vector.orgId, vector.timestamp)).not.toBe(vector.signature);
	});

	it('depends on the secret, the org id and the timestamp', () => {
		const [vector] = vectors;
		expect(signatureFor(vector.body, `${vector.secret}x`, vector.orgId, vector.timestamp)).not.toBe(vector.signature);
		expect(signatureFor(vector.body, vector.secret, 'TN1', vector.timestamp)).not.toBe(vector.signature);
		expect(signatureFor(vector.body, vector.secret, vector.orgId, '1714560001')).not.toBe(vector.signature);
	});

	it('uses the Fullstory-Signature header name and ten-digit Unix seconds', () => {
		expect(SIGNATURE_HEADER).toBe('Fullstory-Signature');
		expect(unixSeconds(new Date('2024-05-01T10:40:00.999Z'))).toBe('1714560000');
		expect(unixSeconds()).toMatch(/^\d{10}$/);
	});
});
