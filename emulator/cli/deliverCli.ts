/**
 * `npm run deliver -- <eventName> …`: fires one signed delivery through a running emulator's control
 * API and prints what every subscribed endpoint answered. Talks to the emulator over HTTP only, so it
 * works against the emulator inside `npm start` as well as `npm run emulator`.
 */
import { EmulatorClient, EmulatorControlError } from '../client/client';
import { DEFAULT_EMULATOR_URL, DELIVER_USAGE, EMULATOR_URL_ENV, parseDeliverArgs, type DeliverOptions } from './deliverArgs';
import { errorMessage, isArrayOf, isJsonObject, isString } from '../guards';
import type { EventTypeDef, SubcategoryDef } from '../api/types';
import type { EmulatorInfo } from '../control/types';
import type { DeliveryResult } from '../deliveries/types';

/** A message for the terminal; main() prints it and exits 1. */
class CliError extends Error {}

const isSubcategoryDef = (v: unknown): v is SubcategoryDef => isJsonObject(v) && isString(v.subcategory) && isString(v.displayName);
const isSubcategoryPage = (v: unknown): v is { subcategoryDefs: SubcategoryDef[]; nextPaginationToken?: string } =>
	isJsonObject(v) &&
	isArrayOf(v.subcategoryDefs, isSubcategoryDef) &&
	(v.nextPaginationToken === undefined || isString(v.nextPaginationToken));

async function emulatorInfo(client: EmulatorClient): Promise<EmulatorInfo> {
	try {
		return await client.info();
	} catch (error) {
		if (error instanceof EmulatorControlError) {
			throw new CliError(`${client.baseUrl} answers, but not like the FullStory emulator (${error.message}).`);
		}
		throw new CliError(`No FullStory emulator answers at ${client.baseUrl}: is \`npm start\` running?`);
	}
}

/** Display names live only in the public API, which wants a key that may manage webhooks. */
function adminKey(info: EmulatorInfo): string {
	const org = info.orgs.find((o) => o.orgId === info.defaultOrgId);
	const key = org?.keys.find((k) => k.role === 'ADMIN' || k.role === 'ARCHITECT');
	if (key === undefined) throw new CliError(`The emulator's org ${info.defaultOrgId} has no ADMIN or ARCHITECT key to list subcategories with.`);
	return key.key;
}

/** List Event Subcategories, every page. */
async function listSubcategories(baseUrl: string, key: string, eventName: string): Promise<SubcategoryDef[]> {
	const all: SubcategoryDef[] = [];
	let token: string | undefined;
	do {
		const query = token === undefined ? '' : `?paginationToken=${encodeURIComponent(token)}`;
		const path = `/webhooks/v1/event-types/${encodeURIComponent(eventName)}/subcategories${query}`;
		const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Basic ${key}` } });
		const body: unknown = await response.json().catch(() => undefined);
		if (!response.ok || !isSubcategoryPage(body)) throw new CliError(`GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
		all.push(...body.subcategoryDefs);
		token = body.nextPaginationToken;
	} while (token !== undefined);
	return all;
}

/** The opaque value as is, else a display name (case-insensitive, since people type them). */
function namedSubcategory(defs: SubcategoryDef[], wanted: string, eventName: string): SubcategoryDef {
	const found =
		defs.find((d) => d.subcategory === wanted) ?? defs.find((d) => d.displayName.toLowerCase() === wanted.toLowerCase());
	if (found !== undefined) return found;
	const names = defs.map((d) => `"${d.displayName}"`).join(', ') || 'none';
	throw new CliError(`"${wanted}" is not a subcategory of ${eventName}. Known: ${names}.`);
}

/**
 * Without --subcategory, the delivery should reach the demo trigger: a subcategory an enabled
 * endpoint subscribes to, else (an endpoint takes all of them) the first one, else none.
 */
async function subscribedSubcategory(
	client: EmulatorClient,
	info: EmulatorInfo,
	eventName: string,
	defs: SubcategoryDef[],
): Promise<SubcategoryDef | undefined> {
	const refs = (await client.endpoints())
		.filter((e) => e.orgId === info.defaultOrgId && e.enabled)
		.flatMap((e) => e.eventTypes.filter((ref) => ref.eventName === eventName));
	const specific = refs.map((ref) => ref.subcategory).find((value): value is string => value !== undefined);
	if (specific !== undefined) return defs.find((d) => d.subcategory === specific) ?? { subcategory: specific, displayName: specific };
	return refs.length > 0 ? defs[0] : undefined;
}

async function chooseSubcategory(
	client: EmulatorClient,
	info: EmulatorInfo,
	def: EventTypeDef,
	options: DeliverOptions,
): Promise<SubcategoryDef | undefined> {
	if (!def.hasSubcategories) {
		if (options.subcategory !== undefined) throw new CliError(`${def.eventName} has no subcategories; leave out --subcategory.`);
		return undefined;
	}
	const defs = await listSubcategories(client.baseUrl, adminKey(info), def.eventName);
	if (options.subcategory !== undefined) return namedSubcategory(defs, options.subcategory, def.eventName);
	return await subscribedSubcategory(client, info, def.eventName, defs);
}

function eventId(body: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return isJsonObject(parsed) && isJsonObject(parsed.data) && isString(parsed.data.id) ? parsed.data.id : undefined;
	} catch {
		return undefined;
	}
}

/** Why nobody got it: no endpoint at all (trigger not published), or what the endpoints do listen for. */
async function noSubscriber(client: EmulatorClient, info: EmulatorInfo, eventName: string): Promise<string> {
	const enabled = (await client.endpoints()).filter((e) => e.orgId === info.defaultOrgId && e.enabled);
	if (enabled.length === 0) {
		return 'The emulator holds no enabled endpoint: is `npm start` running with the trigger workflow published?';
	}
	const listened = new Set(enabled.flatMap((e) => e.eventTypes.map((ref) => ref.eventName)));
	return `No enabled endpoint subscribes to ${eventName}${listened.has(eventName) ? ' with that subcategory' : ''}; they listen for: ${[...listened].join(', ')}.`;
}

function report(result: DeliveryResult, options: DeliverOptions, subcategory: SubcategoryDef | undefined): string[] {
	const about = [
		subcategory === undefined ? undefined : `subcategory "${subcategory.displayName}"`,
		eventId(result.body) === undefined ? undefined : `data.id ${eventId(result.body)}`,
		options.times > 1 ? `same signed bytes ${options.times} times` : undefined,
		options.tamper ? 'body changed after signing' : undefined,
	].filter((part) => part !== undefined);
	const head = `${result.eventName}${about.length > 0 ? ` (${about.join(', ')})` : ''}`;
	if (result.deliveries.length === 0) return [`${head}: nothing was sent.`];
	const plural = result.deliveries.length === 1 ? '' : 's';
	const lines = [`${head} -> ${result.deliveries.length} endpoint${plural}:`];
	for (const delivery of result.deliveries) {
		delivery.attempts.forEach((attempt, index) => {
			const outcome = attempt.status !== undefined ? String(attempt.status) : `failed (${attempt.error ?? 'no answer'})`;
			const which = delivery.attempts.length > 1 ? `  (copy ${index + 1} of ${delivery.attempts.length})` : '';
			const retry = attempt.nextAttemptAt === undefined ? '' : `  (the emulator retries it from ${attempt.nextAttemptAt})`;
			lines.push(`  ${outcome} ${delivery.url}${which}${retry}`);
		});
	}
	return lines;
}

async function run(options: DeliverOptions): Promise<void> {
	const client = new EmulatorClient(options.emulatorUrl ?? process.env[EMULATOR_URL_ENV] ?? DEFAULT_EMULATOR_URL);
	const info = await emulatorInfo(client);
	const { eventDefs } = await client.catalog(info.defaultOrgId);
	const def = eventDefs.find((d) => d.eventName === options.eventName);
	if (def === undefined) {
		throw new CliError(`Unknown event "${options.eventName}". The emulator offers: ${eventDefs.map((d) => d.eventName).join(', ')}.`);
	}
	const subcategory = await chooseSubcategory(client, info, def, options);
	const result = await client.deliver({
		eventName: def.eventName,
		subcategory: subcategory?.subcategory,
		options: { times: options.times, tamperBody: options.tamper },
	});
	console.log(report(result, options, subcategory).join('\n'));
	if (result.deliveries.length === 0) console.log(await noSubscriber(client, info, def.eventName));
}

async function main(): Promise<number> {
	const parsed = parseDeliverArgs(process.argv.slice(2));
	if (parsed.kind === 'help') {
		console.log(DELIVER_USAGE);
		return 0;
	}
	if (parsed.kind === 'error') {
		console.error(`${parsed.error}\n\n${DELIVER_USAGE}`);
		return 1;
	}
	try {
		await run(parsed.options);
		return 0;
	} catch (error) {
		// The emulator's own 400s (a bad subcategory, say) are as much the caller's to fix as a usage error.
		if (error instanceof CliError || error instanceof EmulatorControlError) {
			console.error(error.message);
			return 1;
		}
		throw error;
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : errorMessage(error));
		process.exitCode = 1;
	},
);
