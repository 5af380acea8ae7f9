/** `npm run emulator`: runs the FullStory emulator on 127.0.0.1 until SIGINT or SIGTERM. */
import { parseCliArgs, USAGE } from './emulatorArgs';
import { startEmulator } from '../server';

async function main(): Promise<void> {
	const parsed = parseCliArgs(process.argv.slice(2));
	if (!parsed.ok) {
		console.error(`${parsed.error}\n\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	if (parsed.options.help) {
		console.log(USAGE);
		return;
	}
	const { port, apiKey, orgId, strict, opaqueIds, retries, retryTimeScale, retrySignature } = parsed.options;
	const emulator = await startEmulator({
		port,
		apiKey,
		orgId,
		strict,
		endpointIds: opaqueIds ? 'opaque' : 'url',
		deliveryRetries: retries ? 'fullstory' : 'off',
		retryTimeScale,
		retrySignature,
	});
	const info = emulator.info();
	const { config } = info;
	const retryMode = `FullStory retries (time x${config.retryTimeScale}, ${config.retrySignature} signature)`;
	const modes = [
		strict ? 'strict' : undefined,
		opaqueIds ? 'opaque endpoint ids' : undefined,
		retries ? retryMode : undefined,
	].filter((mode) => mode !== undefined);

	const lines = [
		`FullStory emulator listening on ${emulator.baseUrl}${modes.length > 0 ? ` (${modes.join(', ')})` : ''}`,
		`Org id: ${info.defaultOrgId}`,
		'API keys (send as "Authorization: Basic <key>"):',
		...info.orgs.flatMap((org) =>
			org.keys.map((key) => {
				const email = key.email === '' ? '' : `  (${key.email})`;
				return `  ${key.role.padEnd(9)} ${org.orgId.padEnd(14)} ${key.key}${email}`;
			}),
		),
		`Page: ${emulator.baseUrl}/ (endpoints, send events, faults, last deliveries, v2 users, events and jobs)`,
		`Control API: ${emulator.baseUrl}/__emulator/info`,
	];
	console.log(lines.join('\n'));

	const stop = (signal: NodeJS.Signals) => {
		console.log(`${signal}: stopping the FullStory emulator`);
		emulator.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
