/** Progress lines for the long-running harness steps; stderr so stdout stays free for results. */

export function log(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs one named phase, printing its start and its elapsed time (also on failure). */
export async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	log(`${name} ...`);
	try {
		const result = await work();
		log(`${name} done in ${seconds(Date.now() - started)}`);
		return result;
	} catch (error) {
		log(`${name} FAILED after ${seconds(Date.now() - started)}`);
		throw error;
	}
}
