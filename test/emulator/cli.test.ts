import { DEFAULT_CLI_PORT, parseCliArgs } from '../../emulator/cli/emulatorArgs';

describe('emulator command line', () => {
	it('defaults to port 8787, not strict, URL-derived ids, one attempt per delivery', () => {
		expect(parseCliArgs([])).toEqual({
			ok: true,
			options: { port: DEFAULT_CLI_PORT, strict: false, opaqueIds: false, retries: false, help: false },
		});
		expect(DEFAULT_CLI_PORT).toBe(8787);
	});

	it('reads every flag, in both --flag value and --flag=value forms', () => {
		expect(
			parseCliArgs(['--port', '0', '--api-key', 'na1.k/ey=', '--strict', '--opaque-ids', '--org-id=o-X-na1']),
		).toEqual({
			ok: true,
			options: {
				port: 0,
				apiKey: 'na1.k/ey=',
				orgId: 'o-X-na1',
				strict: true,
				opaqueIds: true,
				retries: false,
				help: false,
			},
		});
		expect(parseCliArgs(['--api-key=na1.a=b/c'])).toMatchObject({ ok: true, options: { apiKey: 'na1.a=b/c' } });
	});

	it('turns FullStory retries on, with a compressed schedule and a signature choice', () => {
		expect(parseCliArgs(['--retries', '--retry-time-scale', '0.001', '--retry-signature=fresh'])).toMatchObject({
			ok: true,
			options: { retries: true, retryTimeScale: 0.001, retrySignature: 'fresh' },
		});
		expect(parseCliArgs(['--retry-time-scale=1e-4'])).toMatchObject({ ok: true, options: { retryTimeScale: 0.0001 } });
	});

	it.each([
		[['--port'], '--port needs a value'],
		[['--port', 'http'], 'invalid port "http"'],
		[['--port', '70000'], 'invalid port "70000"'],
		[['--verbose'], 'unknown argument "--verbose"'],
		[['--retries=yes'], 'unknown argument "--retries=yes"'],
		[['--retry-time-scale', '0'], '--retry-time-scale must be a number greater than 0, at most 1, got "0"'],
		[['--retry-time-scale', '2'], '--retry-time-scale must be a number greater than 0, at most 1, got "2"'],
		[['--retry-time-scale', 'fast'], '--retry-time-scale must be a number greater than 0, at most 1, got "fast"'],
		[['--retry-signature', 'new'], '--retry-signature must be "same" or "fresh", got "new"'],
	])('refuses %j', (argv, error) => {
		expect(parseCliArgs(argv)).toEqual({ ok: false, error });
	});
});
