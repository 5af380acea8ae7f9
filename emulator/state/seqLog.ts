/** An append-only log whose sequence numbers keep increasing across clears, so `since` never misses entries. */

/** Enough for any test run; keeps a long-running demo emulator from growing without bound. */
const MAX_ENTRIES = 10_000;

export class SeqLog<T extends { seq: number }> {
	private entries: T[] = [];

	private lastSeq = 0;

	append(build: (seq: number, time: string) => T): T {
		this.lastSeq += 1;
		const entry = build(this.lastSeq, new Date().toISOString());
		this.entries.push(entry);
		if (this.entries.length > MAX_ENTRIES) this.entries.shift();
		return entry;
	}

	since(seq = 0): T[] {
		return this.entries.filter((entry) => entry.seq > seq);
	}

	clear(): void {
		this.entries = [];
	}
}
