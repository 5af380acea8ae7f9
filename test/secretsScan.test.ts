/**
 * The scanner behind the e2e secrets audit: it must find a secret in every spelling a log or an
 * answer could carry it in, or the audit's "zero hits" would mean nothing.
 */
import { distinctSecrets, findLeaks, signatureSecrets, type Secret } from '../harness/audit/secrets-scan';

const hmac = 'ab+cd/ef==GH+ij/kl+mn/op+qr/st+uv/wx+yz/012=';
const apiKey = 'na1.k3y"with\\quotes';
const header = `o:o-1ABCDE-na1,t:1700000000,v:${hmac}`;

describe('findLeaks', () => {
	const secrets: Secret[] = [
		{ kind: 'api key', value: apiKey },
		{ kind: 'signature', value: hmac },
	];

	it.each([
		['as is', `Authorization: Basic ${apiKey}`, 0],
		['JSON-escaped', JSON.stringify({ headers: { authorization: apiKey } }), 0],
		['URL-encoded', `GET /hook?sig=${encodeURIComponent(hmac)}`, 1],
		['inside a longer token', `v:${hmac}trailing`, 1],
	])('finds a secret %s', (_spelling, text, secretIndex) => {
		expect(findLeaks(secrets, [{ source: 'log', text }])).toEqual([{ kind: secrets[secretIndex].kind, source: 'log', secretIndex }]);
	});

	it('reports one leak per secret and source, by index, never the value', () => {
		const leaks = findLeaks(secrets, [
			{ source: 'clean', text: 'nothing here but o:o-1ABCDE-na1,t:1700000000' },
			{ source: 'both', text: `${apiKey} ${hmac} ${hmac}` },
		]);
		expect(leaks).toEqual([
			{ kind: 'api key', source: 'both', secretIndex: 0 },
			{ kind: 'signature', source: 'both', secretIndex: 1 },
		]);
		expect(JSON.stringify(leaks)).not.toContain(hmac);
	});

	it('does not match a secret that differs in one character', () => {
		const almost = `${hmac.slice(0, -2)}1=`;
		expect(findLeaks(secrets, [{ source: 'log', text: almost }])).toEqual([]);
	});
});

describe('signatureSecrets', () => {
	it('takes the whole header and each v: HMAC, not o: or t:', () => {
		const values = signatureSecrets(`${header},v: second+hmac/value=`).map((secret) => secret.value);
		expect(values).toEqual([`${header},v: second+hmac/value=`, hmac, 'second+hmac/value=']);
	});
});

describe('distinctSecrets', () => {
	it('drops duplicates and values too short to be secrets', () => {
		const secrets = distinctSecrets([
			{ kind: 'endpoint secret', value: 's' },
			{ kind: 'endpoint secret', value: 'a'.repeat(64) },
			{ kind: 'api key', value: 'a'.repeat(64) },
		]);
		expect(secrets).toEqual([{ kind: 'endpoint secret', value: 'a'.repeat(64) }]);
	});
});
