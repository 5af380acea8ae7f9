import { DEFAULT_CLI_PORT, parseCliArgs } from '../../emulator/cliArgs';

describe('emulator command line', () => {
	it('defaults to port 8787, not strict, URL-derived ids', () => {
		expect(parseCliArgs([])).toEqual({
			ok: true,
			options: { port: DEFAULT_CLI_PORT, strict: false, opaqueIds: false, help: false },
		});
		expect(DEFAULT_CLI_PORT).toBe(8787);
	});

	it('reads every flag, in both --flag value and --flag=value forms', () => {
		expect(
			parseCliArgs(['--port', '0', '--api-key', 'na1.k/ey=', '--strict', '--opaque-ids', '--org-id=o-X-na1']),
		).toEqual({
			ok: true,
			options: { port: 0, apiKey: 'na1.k/ey=', orgId: 'o-X-na1', strict: true, opaqueIds: true, help: false },
		});
		expect(parseCliArgs(['--api-key=na1.a=b/c'])).toMatchObject({ ok: true, options: { apiKey: 'na1.a=b/c' } });
	});

	it.each([
		[['--port'], '--port needs a value'],
		[['--port', 'http'], 'invalid port "http"'],
		[['--port', '70000'], 'invalid port "70000"'],
		[['--verbose'], 'unknown argument "--verbose"'],
	])('refuses %j', (argv, error) => {
		expect(parseCliArgs(argv)).toEqual({ ok: false, error });
	});
});
