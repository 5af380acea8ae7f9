/**
 * The tests' one seeded random generator: every seeded choice in the suites comes from here, so a
 * seed named in a failure message replays the same run. Not for secrets.
 */

/**
 * mulberry32: tiny, fast, and the same sequence on every platform. Its output must never change
 * (seededRandom.test.ts pins it), or every recorded seed would replay a different run.
 */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Choices drawn from one mulberry32 stream: the same seed, the same choices in the same order. */
export class Random {
	readonly next: () => number;

	constructor(readonly seed: number) {
		this.next = mulberry32(seed);
	}

	/** True with the given probability. */
	chance(probability = 0.5): boolean {
		return this.next() < probability;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('Random.pick: nothing to pick from');
		return items[Math.floor(this.next() * items.length)];
	}

	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [value, weight] of entries) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** `count` distinct items, in their original order. */
	sample<T>(items: readonly T[], count: number): T[] {
		const indexes = this.shuffle(items.map((_, index) => index));
		return indexes
			.slice(0, count)
			.sort((left, right) => left - right)
			.map((index) => items[index]);
	}

	/** Fisher-Yates, in place. */
	shuffle<T>(items: T[]): T[] {
		for (let index = items.length - 1; index > 0; index--) {
			const other = this.int(0, index);
			[items[index], items[other]] = [items[other], items[index]];
		}
		return items;
	}

	/** `length` characters (code points, when given a string) drawn from the alphabet. */
	string(alphabet: string | readonly string[], length: number): string {
		const chars = typeof alphabet === 'string' ? [...alphabet] : alphabet;
		let out = '';
		for (let i = 0; i < length; i++) out += this.pick(chars);
		return out;
	}

	bytes(length: number): Buffer {
		const out = Buffer.alloc(length);
		for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
		return out;
	}
}
