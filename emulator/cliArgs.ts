/** Command-line arguments of `npm run emulator -- --port P --api-key K [--strict] [--opaque-ids] [--org-id O]`. */

export const DEFAULT_CLI_PORT = 8787;

export const USAGE = `Usage: npm run emulator -- [--port P] [--api-key KEY] [--org-id ORG] [--strict] [--opaque-ids]

  --port P        port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --api-key KEY   an extra ADMIN key for the default org
  --org-id ORG    id of the default org (default o-1ABCDE-na1)
  --strict        reject undocumented request fields (events, signingSecret, enabled, ...), PUT and /event_types
  --opaque-ids    random endpoint ids that do not decode to the URL and survive a URL change
                  (default: base64url of the URL, as in the docs)`;

export interface CliOptions {
	port: number;
	apiKey?: string;
	orgId?: string;
	strict: boolean;
	opaqueIds: boolean;
	help: boolean;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; error: string };

const VALUE_FLAGS = ['--port', '--api-key', '--org-id'] as const;

/** Accepts `--flag value` and `--flag=value`. */
export function parseCliArgs(argv: string[]): CliParse {
	const options: CliOptions = { port: DEFAULT_CLI_PORT, strict: false, opaqueIds: false, help: false };
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split(/=(.*)/s, 2);
		if (flag === '--strict') options.strict = true;
		else if (flag === '--opaque-ids') options.opaqueIds = true;
		else if (flag === '--help' || flag === '-h') options.help = true;
		else if (VALUE_FLAGS.some((known) => known === flag)) {
			const value = inline ?? argv[++index];
			if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
			if (flag === '--port') {
				if (!/^\d+$/.test(value) || Number(value) > 65535) return { ok: false, error: `invalid port "${value}"` };
				options.port = Number(value);
			} else if (flag === '--api-key') options.apiKey = value;
			else options.orgId = value;
		} else return { ok: false, error: `unknown argument "${argv[index]}"` };
	}
	return { ok: true, options };
}
