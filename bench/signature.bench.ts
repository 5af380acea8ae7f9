/**
 * What the signature check costs a delivery, in process: verifications per second for accepted
 * and rejected deliveries of three body sizes, beside a bare HMAC-SHA256 of the same bytes in the
 * same run (the crypto floor no verifier can beat), and whether the heap grows over many of them.
 * Figures only, no pass mark. Run with `npm run bench` (node --expose-gc, for the heap figure).
 */
import { createHmac, randomBytes } from 'node:crypto';

import { signBody, unixSeconds } from '../emulator/deliveries/sign';
import { verifySignature, type SignedDelivery } from '../nodes/FullStoryTrigger/delivery/signature';
import { round, writeReport } from './report';

const ORG_ID = 'o-1ABCDE-na1';
const SECRET = randomBytes(32).toString('hex');

/** Body sizes and how many verifications each gets: about a second of work per case. */
const CASES = [
	{ label: '1 KB', bytes: 1024, iterations: 200_000 },
	{ label: '64 KB', bytes: 64 * 1024, iterations: 10_000 },
	{ label: '1 MB', bytes: 1024 * 1024, iterations: 600 },
];

function jsonBody(bytes: number): Buffer {
	const prefix = '{"eventName":"note.created","version":1,"data":{"id":"n1","text":"';
	const suffix = '"}}';
	return Buffer.from(`${prefix}${'x'.repeat(Math.max(0, bytes - prefix.length - suffix.length))}${suffix}`);
}

function collectGarbage(): void {
	if (typeof global.gc === 'function') global.gc();
}

/** Milliseconds for `iterations` runs of `step`, which says whether its result was the expected one. */
function timeLoop(iterations: number, step: () => boolean): number {
	const started = process.hrtime.bigint();
	for (let index = 0; index < iterations; index++) {
		// Checked every time, so the work cannot be skipped and a wrong setup is caught.
		if (!step()) throw new Error('bench: unexpected result');
	}
	return Number(process.hrtime.bigint() - started) / 1e6;
}

function timeVerifications(delivery: SignedDelivery, iterations: number, expectOk: boolean): number {
	return timeLoop(iterations, () => verifySignature(delivery).ok === expectOk);
}

/** The HMAC alone over the signed message (body, org id, timestamp), as the verifier computes it. */
function timeBareHmac(rawBody: Buffer, timestamp: string, iterations: number): number {
	const suffix = Buffer.from(`:${ORG_ID}:${timestamp}`);
	return timeLoop(iterations, () => createHmac('sha256', SECRET).update(rawBody).update(suffix).digest().length === 32);
}

function measure(caseSpec: (typeof CASES)[number]) {
	const rawBody = jsonBody(caseSpec.bytes);
	const timestamp = unixSeconds();
	const accepted: SignedDelivery = {
		rawBody,
		header: signBody(rawBody, SECRET, ORG_ID, timestamp),
		secret: SECRET,
		nowMs: Date.now(),
		replayWindowSeconds: 300,
	};
	const rejected: SignedDelivery = { ...accepted, header: signBody(rawBody, `${SECRET}-wrong`, ORG_ID, timestamp) };
	timeVerifications(accepted, Math.ceil(caseSpec.iterations / 10), true); // warm-up
	collectGarbage();
	const heapBefore = process.memoryUsage().heapUsed;
	const acceptedMs = timeVerifications(accepted, caseSpec.iterations, true);
	const rejectedMs = timeVerifications(rejected, caseSpec.iterations, false);
	const bareHmacMs = timeBareHmac(rawBody, String(timestamp), caseSpec.iterations);
	collectGarbage();
	const heapAfter = process.memoryUsage().heapUsed;
	return {
		body: caseSpec.label,
		verifications: caseSpec.iterations * 2,
		acceptedPerSecond: Math.round((caseSpec.iterations / acceptedMs) * 1000),
		rejectedPerSecond: Math.round((caseSpec.iterations / rejectedMs) * 1000),
		bareHmacPerSecond: Math.round((caseSpec.iterations / bareHmacMs) * 1000),
		// 1.0 would be the crypto floor itself; what is above it is parsing and the comparison.
		acceptedCostVsBareHmac: round(acceptedMs / bareHmacMs, 2),
		microsecondsPerAccepted: round((acceptedMs * 1000) / caseSpec.iterations, 2),
		heapGrowthMB: round((heapAfter - heapBefore) / 2 ** 20, 2),
	};
}

function main(): void {
	const results = CASES.map(measure);
	const file = writeReport('signature', { gcExposed: typeof global.gc === 'function', results });
	console.table(results);
	console.log(`written to ${file}`);
}

main();
