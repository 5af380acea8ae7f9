/**
 * The checks that run before any v2 call: property names, counts and sizes, type schemas and
 * timestamps; the event link rules of FullStory's docs; sessions from ids and replay URLs; and
 * pairing an import job's failures with the items that made them.
 */
import { eventProblem } from '../nodes/api/events/rules';
import { parseSessionId } from '../nodes/api/sessions/sessionId';
import { V2_LIMITS } from '../nodes/api/v2/limits';
import { isoTimestamp, propertiesProblem, typeSchemaProblem } from '../nodes/api/v2/properties';
import { pairFailures } from '../nodes/FullStory/actions/importJob/pairing';

describe('properties', () => {
	it('takes names of a letter then letters, digits and underscores, nested ones by their dotted path', () => {
		expect(propertiesProblem({ pricing_plan: 'paid', seats2: 3, address: { city: 'Berlin' } })).toBeUndefined();
		expect(propertiesProblem({ '2fa': true })).toBe('property "2fa": "2fa" is not a valid name (a letter, then letters, digits or underscores)');
		expect(propertiesProblem({ address: { 'zip-code': '10115' } })).toContain('"address.zip-code": "zip-code" is not a valid name');
		expect(propertiesProblem({ 'plan name': 'x' })).toContain('"plan name"');
	});

	it(`refuses more than ${V2_LIMITS.properties}, a value over ${V2_LIMITS.propertyValueBytes} bytes, and a path over ${V2_LIMITS.propertyNameLength} characters`, () => {
		const many = Object.fromEntries(Array.from({ length: V2_LIMITS.properties + 1 }, (_, index) => [`p${index}`, index]));
		expect(propertiesProblem(many)).toBe(`${V2_LIMITS.properties + 1} properties, more than the ${V2_LIMITS.properties} FullStory keeps for one user or event`);
		const justEnough = Object.fromEntries(Array.from({ length: V2_LIMITS.properties }, (_, index) => [`p${index}`, index]));
		expect(propertiesProblem(justEnough)).toBeUndefined();
		expect(propertiesProblem({ note: 'é'.repeat(V2_LIMITS.propertyValueBytes / 2 + 1) })).toContain('longer than 8192 bytes');
		expect(propertiesProblem({ note: 'e'.repeat(V2_LIMITS.propertyValueBytes) })).toBeUndefined();
		expect(propertiesProblem({ note: 'e'.repeat(V2_LIMITS.propertyValueBytes + 1) })).toContain('longer than 8192 bytes');
		const deep = { [`a${'b'.repeat(300)}`]: { [`c${'d'.repeat(300)}`]: 1 } };
		expect(propertiesProblem(deep)).toContain('its name is longer than 512 characters');
	});

	it('checks the type schema against FullStory\'s types', () => {
		expect(typeSchemaProblem({ signup_date: 'date', seats: 'int', tags: 'strs' })).toBeUndefined();
		expect(typeSchemaProblem({ seats: 'integer' })).toContain('"integer" is not a FullStory type');
		expect(typeSchemaProblem({ '1st': 'str' })).toBe('"1st" is not a valid property name');
	});

	it('takes ISO 8601 timestamps and refuses loose dates', () => {
		expect(isoTimestamp('2026-12-07T14:23:00Z')).toBe('2026-12-07T14:23:00.000Z');
		expect(isoTimestamp('2026-12-07T15:23:00+01:00')).toBe('2026-12-07T14:23:00.000Z');
		expect(isoTimestamp('2026-12-07')).toBe('2026-12-07T00:00:00.000Z');
		expect(isoTimestamp('December 7, 2026')).toBeUndefined();
		expect(isoTimestamp('2026-13-45T99:00:00Z')).toBeUndefined();
	});
});

describe('event links (docs/fullstory-server-api.md §4)', () => {
	it('never a user with a session ID, never the most recent session without a user', () => {
		expect(eventProblem({ name: 'Paid', user: { uid: 'u1' }, session: { use_most_recent: true } })).toBeUndefined();
		expect(eventProblem({ name: 'Paid', session: { id: '1:2' } })).toBeUndefined();
		expect(eventProblem({ name: 'Paid', user: { uid: 'u1' }, session: { id: '1:2' } })).toContain('cannot name a user too');
		expect(eventProblem({ name: 'Paid', session: { use_most_recent: true } })).toContain('needs the user');
		expect(eventProblem({ name: ' ' })).toBe('the event has no name');
		expect(eventProblem({ name: 'Paid', context: { web: {} } })).toContain('context "web" is not one FullStory knows');
	});
});

describe('sessions from ids and replay URLs', () => {
	it.each([
		['6915774531905556:5557778531805533', '6915774531905556:5557778531805533'],
		['https://app.fullstory.com/ui/o-1ABCDE-na1/session/6915774531905556%3A5557778531805533', '6915774531905556:5557778531805533'],
		['https://app.fullstory.com/ui/TN1/session/6915774531905556:5557778531805533!1110765439578976', '6915774531905556:5557778531805533'],
		['https://www.fullstory.com/ui/ORG/discover/session/11:22', '11:22'],
		['https://app.eu1.fullstory.com/ui/o-9/session/11%3A22%211', '11:22'],
	])('%s', (given, id) => expect(parseSessionId(given)).toBe(id));

	it.each(['', '6915774531905556', 'https://app.fullstory.com/ui/TN1/segments/everyone', 'a:b:c', 'https://example.com/session/'])('not %j', (given) => {
		expect(parseSessionId(given)).toBeUndefined();
	});
});

describe('an import job\'s failures paired with its items', () => {
	const requests = [{ uid: 'a', email: 'a@x.io' }, { uid: 'b', properties: { n: 1 } }, { uid: 'c' }];

	it('by the request FullStory echoes, keys in any order', () => {
		const { failures, unpaired } = pairFailures('users', requests, [{ message: 'bad', code: 'invalid_argument', request: { properties: { n: 1 }, uid: 'b' } }]);
		expect([...failures.keys()]).toEqual([1]);
		expect(unpaired).toEqual([]);
	});

	it('by uid when FullStory normalised the rest, and never one request twice', () => {
		const normalised = { message: 'bad', code: 'x', request: { uid: 'a', email: 'A@X.IO' } };
		const { failures, unpaired } = pairFailures('users', requests, [normalised, { ...normalised }]);
		expect([...failures.keys()]).toEqual([0]);
		expect(unpaired).toHaveLength(1);
	});

	it('events by name, timestamp, user and session; a failure without a request stays unpaired', () => {
		const events = [
			{ name: 'Paid', timestamp: '2026-01-01T00:00:00.000Z', user: { uid: 'a' } },
			{ name: 'Paid', timestamp: '2026-01-02T00:00:00.000Z', user: { uid: 'a' } },
		];
		const { failures, unpaired } = pairFailures('events', events, [
			{ message: 'bad', code: 'x', request: { name: 'Paid', timestamp: '2026-01-02T00:00:00.000Z', user: { uid: 'a' }, properties: {} } },
			{ message: 'lost', code: 'y' },
		]);
		expect([...failures.keys()]).toEqual([1]);
		expect(unpaired.map((error) => error.code)).toEqual(['y']);
	});
});
