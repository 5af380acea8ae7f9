/**
 * Decoder for the "flatted" format n8n uses for execution data (`execution.data` is a string).
 *
 * Format (flatted 3.x, which n8n 2.40.7 ships): a JSON array; element 0 is the root. Every object,
 * array and string is stored once as an element of that array; inside objects and arrays a string
 * is always a reference — the decimal index of the element — while numbers, booleans and null stay
 * inline. Shared references and cycles come back as shared objects. A re-implementation (rather
 * than importing n8n's copy) keeps the harness free of dependencies; `harness/checks/smoke.ts --check-flatted`
 * compares it against the installed `flatted` package.
 */

type Container = unknown[] | { [key: string]: unknown };

export function parseFlatted(text: string): unknown {
	const table: unknown = JSON.parse(text);
	if (!Array.isArray(table) || table.length === 0) throw new Error('flatted: not a non-empty JSON array');
	const built = new Map<number, Container>();

	const resolve = (index: number): unknown => {
		if (!Number.isInteger(index) || index < 0 || index >= table.length) throw new Error(`flatted: bad reference ${index}`);
		const entry: unknown = table[index];
		if (typeof entry !== 'object' || entry === null) return entry; // a string (or a primitive root)
		const done = built.get(index);
		if (done !== undefined) return done;
		// Register the container before filling it so cycles resolve to it.
		if (Array.isArray(entry)) {
			const out: unknown[] = [];
			built.set(index, out);
			for (const item of entry) out.push(member(item));
			return out;
		}
		const out: { [key: string]: unknown } = {};
		built.set(index, out);
		for (const [key, item] of Object.entries(entry)) {
			// defineProperty: a key named "__proto__" must stay data, not become the prototype.
			Object.defineProperty(out, key, { value: member(item), enumerable: true, writable: true, configurable: true });
		}
		return out;
	};

	const member = (value: unknown): unknown => (typeof value === 'string' ? resolve(Number(value)) : value);

	return resolve(0);
}
