/** Command-line arguments of `npm run emulator -- --port P --api-key K [--strict] [--opaque-ids] [--org-id O] [--retries ...]`. */
import { isRetryTimeScale } from '../deliveries/retryPolicy';
import { RETRY_SIGNATURES, type RetrySignature } from '../state/config';

export const DEFAULT_CLI_PORT = 8787;

export const USAGE = `Usage: npm run emulator -- [--port P] [--api-key KEY] [--org-id ORG] [--strict] [--opaque-ids]
                          [--retries] [--retry-time-scale X] [--retry-signature same|fresh]

  --port P              port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --api-key KEY         an extra ADMIN key for the default org
  --org-id ORG          id of the default org (default o-1ABCDE-na1)
  --strict              reject undocumented request fields (events, signingSecret, enabled, ...), PUT and /event_types
  --opaque-ids          random endpoint ids that do not decode to the URL and survive a URL change
                        (default: base64url of the URL, as in the docs)
  --retries             retry failed deliveries as FullStory does: up to 30 times over about 5 hours on a
                        timeout, a network error, 5xx, 429, 302, 303 or 307 (default: one attempt)
  --retry-time-scale X  compress the retry schedule, 0 < X <= 1 (0.001: 5 hours become 18 seconds)
  --retry-signature S   same (default): a retry repeats the first attempt's t and signature;
                        fresh: each retry is signed again with a later t`;

export interface CliOptions {
	port: number;
	apiKey?: string;
	orgId?: string;
	strict: boolean;
	opaqueIds: boolean;
	retries: boolean;
	retryTimeScale?: number;
	retrySignature?: RetrySignature;
	help: boolean;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; error: string };

const isRetrySignature = (value: string): value is RetrySignature => RETRY_SIGNATURES.some((choice) => choice === value);

/** Each flag that takes a value, and how it lands in the options (or why it does not). */
const VALUE_FLAGS: Record<string, (options: CliOptions, value: string) => string | undefined> = {
	'--port': (options, value) => {
		if (!/^\d+$/.test(value) || Number(value) > 65535) return `invalid port "${value}"`;
		options.port = Number(value);
		return undefined;
	},
	'--api-key': (options, value) => {
		options.apiKey = value;
		return undefined;
	},
	'--org-id': (options, value) => {
		options.orgId = value;
		return undefined;
	},
	'--retry-time-scale': (options, value) => {
		const scale = Number(value);
		if (!isRetryTimeScale(scale)) return `--retry-time-scale must be a number greater than 0, at most 1, got "${value}"`;
		options.retryTimeScale = scale;
		return undefined;
	},
	'--retry-signature': (options, value) => {
		if (!isRetrySignature(value)) return `--retry-signature must be "same" or "fresh", got "${value}"`;
		options.retrySignature = value;
		return undefined;
	},
};

const SWITCHES: Record<string, (options: CliOptions) => void> = {
	'--strict': (options) => (options.strict = true),
	'--opaque-ids': (options) => (options.opaqueIds = true),
	'--retries': (options) => (options.retries = true),
	'--help': (options) => (options.help = true),
	'-h': (options) => (options.help = true),
};

/** Accepts `--flag value` and `--flag=value`. */
export function parseCliArgs(argv: string[]): CliParse {
	const options: CliOptions = { port: DEFAULT_CLI_PORT, strict: false, opaqueIds: false, retries: false, help: false };
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split(/=(.*)/s, 2);
		if (Object.hasOwn(SWITCHES, flag) && inline === undefined) SWITCHES[flag](options);
		else if (Object.hasOwn(VALUE_FLAGS, flag)) {
			const value = inline ?? argv[++index];
			if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
			const error = VALUE_FLAGS[flag](options, value);
			if (error !== undefined) return { ok: false, error };
		} else return { ok: false, error: `unknown argument "${argv[index]}"` };
	}
	return { ok: true, options };
}
