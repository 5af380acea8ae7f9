/** Command-line arguments of `npm run deliver -- <eventName> [--subcategory S] [--times N] [--tamper] [--emulator URL]`. */

export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:8787';
export const EMULATOR_URL_ENV = 'FULLSTORY_EMULATOR_URL';
/** A redelivery is a handful of copies; more is a load test, which this CLI is not. */
export const MAX_TIMES = 100;

export const DELIVER_USAGE = `Usage: npm run deliver -- <eventName> [--subcategory S] [--times N] [--tamper] [--emulator URL]

Fires a signed FullStory webhook delivery through the running emulator (start it with \`npm start\`)
to every enabled endpoint subscribed to the event, and prints each endpoint's HTTP answers.

  <eventName>         note.created, segment.trend.alert, metric.alert, recording.event.custom,
                      nativemobile.event.crash, segment.created
  --subcategory S     for segment.trend.alert, metric.alert and recording.event.custom: the
                      subcategory's opaque value or display name (e.g. "Product Added");
                      default: one an enabled endpoint subscribes to
  --times N           send the same signed bytes N times, a redelivery (default 1, at most ${MAX_TIMES})
  --tamper            change one byte of the body after signing (the receiver must answer 401)
  --emulator URL      the emulator (default: $${EMULATOR_URL_ENV}, else ${DEFAULT_EMULATOR_URL})
  --help              this text

Examples:
  npm run deliver -- note.created
  npm run deliver -- recording.event.custom --subcategory "Product Added"
  npm run deliver -- note.created --times 2
  npm run deliver -- note.created --tamper`;

export interface DeliverOptions {
	eventName: string;
	subcategory?: string;
	times: number;
	tamper: boolean;
	emulatorUrl?: string;
}

export type DeliverParse = { kind: 'help' } | { kind: 'ok'; options: DeliverOptions } | { kind: 'error'; error: string };

const VALUE_FLAGS = ['--subcategory', '--times', '--emulator'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const isValueFlag = (flag: string): flag is ValueFlag => VALUE_FLAGS.some((known) => known === flag);

function parseTimes(value: string): number | string {
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_TIMES) {
		return `--times must be a whole number from 1 to ${MAX_TIMES}, got "${value}"`;
	}
	return Number(value);
}

function parseEmulatorUrl(value: string): string | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** Accepts `--flag value` and `--flag=value`; exactly one positional argument, the event name. */
export function parseDeliverArgs(argv: string[]): DeliverParse {
	const positional: string[] = [];
	let subcategory: string | undefined;
	let times = 1;
	let tamper = false;
	let emulatorUrl: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		const [flag, inline] = arg.split(/=(.*)/s, 2);
		if (flag === '--help' || flag === '-h') return { kind: 'help' };
		if (flag === '--tamper' && inline === undefined) tamper = true;
		else if (isValueFlag(flag)) {
			const value = inline ?? argv[++index];
			if (value === undefined || value === '') return { kind: 'error', error: `${flag} needs a value` };
			if (flag === '--subcategory') subcategory = value;
			else if (flag === '--times') {
				const parsed = parseTimes(value);
				if (typeof parsed === 'string') return { kind: 'error', error: parsed };
				times = parsed;
			} else {
				emulatorUrl = parseEmulatorUrl(value);
				if (emulatorUrl === undefined) return { kind: 'error', error: `--emulator must be an http(s) URL, got "${value}"` };
			}
		} else if (arg.startsWith('-')) return { kind: 'error', error: `unknown option "${arg}"` };
		else positional.push(arg);
	}
	if (positional.length !== 1) {
		const error = positional.length === 0 ? 'name the event to deliver' : `one event name expected, got ${positional.join(' ')}`;
		return { kind: 'error', error };
	}
	return { kind: 'ok', options: { eventName: positional[0], subcategory, times, tamper, emulatorUrl } };
}
