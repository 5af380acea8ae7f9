import { useTestEmulator } from '../helpers/emulatorFixture';
import { endpointPageOf, subcategoryPageOf } from './wire';

const SUBCATEGORIES = '/webhooks/v1/event-types/recording.event.custom/subcategories';

describe('pagination (fullstory-api.md §2.6)', () => {
	// Seeded once for every test: they only read.
	const emulator = useTestEmulator({ resetBeforeEach: false });

	beforeAll(async () => {
		for (let index = 0; index < 250; index++) {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: `https://example.com/hooks/${index}`, secret: 's', eventTypes: [{ eventName: 'note.created' }] },
			});
			expect(reply.status).toBe(200);
		}
		await emulator.client.setCatalog({ generateSubcategories: { 'recording.event.custom': 2500 } });
	});

	async function endpointPage(query: string) {
		const reply = await emulator.api('GET', `/webhooks/v1/endpoints${query}`);
		expect(reply.status).toBe(200);
		return endpointPageOf(reply.body);
	}

	it('pages 250 endpoints as 100 + 100 + 50, without a token on the last page', async () => {
		const urls: string[] = [];
		const sizes: number[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await endpointPage(
				`?limit=100${token === undefined ? '' : `&paginationToken=${encodeURIComponent(token)}`}`,
			);
			sizes.push(page.endpoints.length);
			urls.push(...page.endpoints.map((endpoint) => endpoint.url));
			token = page.nextPaginationToken;
			pages += 1;
		} while (token !== undefined && pages < 10);
		expect(sizes).toEqual([100, 100, 50]);
		expect(urls).toEqual(Array.from({ length: 250 }, (_, index) => `https://example.com/hooks/${index}`));
	});

	it('defaults limit to the maximum, 100, and caps bigger values at 100', async () => {
		expect((await endpointPage('')).endpoints).toHaveLength(100);
		expect((await endpointPage('?limit=0')).endpoints).toHaveLength(100);
		expect((await endpointPage('?limit=500')).endpoints).toHaveLength(100);
		const small = await endpointPage('?limit=7');
		expect(small.endpoints).toHaveLength(7);
		expect(small.nextPaginationToken).toEqual(expect.any(String));
	});

	it('accepts pagination_token as well as paginationToken', async () => {
		const first = await endpointPage('?limit=3');
		const token = encodeURIComponent(first.nextPaginationToken ?? '');
		const camel = await endpointPage(`?limit=3&paginationToken=${token}`);
		const snake = await endpointPage(`?limit=3&pagination_token=${token}`);
		expect(snake).toEqual(camel);
		expect(camel.endpoints[0].url).toBe('https://example.com/hooks/3');
	});

	it.each(['abc', '-1', '1.5', '10abc'])('rejects limit=%s with 400 invalid_argument', async (limit) => {
		const reply = await emulator.api('GET', `/webhooks/v1/endpoints?limit=${limit}`);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining('limit') });
	});

	it.each(['garbage', 'b2Zmc2V0OjEw!!', Buffer.from('offset:x').toString('base64url')])(
		'rejects the pagination token %s with 400 invalid_argument',
		async (token) => {
			for (const path of ['/webhooks/v1/endpoints', SUBCATEGORIES]) {
				const reply = await emulator.api('GET', `${path}?paginationToken=${encodeURIComponent(token)}`);
				expect(reply.status).toBe(400);
				expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining('paginationToken') });
			}
		},
	);

	it('pages 2,500 generated subcategories as 1000 + 1000 + 500', async () => {
		const names: string[] = [];
		const sizes: number[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const query = token === undefined ? '' : `?paginationToken=${encodeURIComponent(token)}`;
			const reply = await emulator.api('GET', `${SUBCATEGORIES}${query}`);
			const page = subcategoryPageOf(reply.body);
			sizes.push(page.subcategoryDefs.length);
			names.push(...page.subcategoryDefs.map((def) => def.displayName));
			token = page.nextPaginationToken;
			pages += 1;
		} while (token !== undefined && pages < 10);
		expect(sizes).toEqual([1000, 1000, 500]);
		expect(new Set(names).size).toBe(2500);
		expect(names[0]).toBe('Custom Event 0001');
		expect(names[2499]).toBe('Custom Event 2500');
	});

	it('caps the subcategory limit at 1000 and honours smaller ones', async () => {
		const capped = subcategoryPageOf((await emulator.api('GET', `${SUBCATEGORIES}?limit=5000`)).body);
		expect(capped.subcategoryDefs).toHaveLength(1000);
		const small = subcategoryPageOf((await emulator.api('GET', `${SUBCATEGORIES}?limit=10`)).body);
		expect(small.subcategoryDefs).toHaveLength(10);
		const next = subcategoryPageOf(
			(await emulator.api('GET', `${SUBCATEGORIES}?limit=10&paginationToken=${small.nextPaginationToken ?? ''}`)).body,
		);
		expect(next.subcategoryDefs[0].displayName).toBe('Custom Event 0011');
	});

	it('generates the same opaque subcategory values every time', async () => {
		const first = subcategoryPageOf((await emulator.api('GET', `${SUBCATEGORIES}?limit=3`)).body);
		await emulator.client.setCatalog({ generateSubcategories: { 'recording.event.custom': 2500 } });
		const again = subcategoryPageOf((await emulator.api('GET', `${SUBCATEGORIES}?limit=3`)).body);
		expect(again).toEqual(first);
	});
});
