/**
 * An append-only log whose sequence numbers keep increasing across clears, so `since` never misses entries.
 * Bounded in entries and, when given a measure, in bytes: the oldest entries go first.
 */

/** Enough for any test run; keeps a long-running demo emulator from growing without bound. */
const DEFAULT_MAX_ENTRIES = 10_000;

export interface SeqLogLimits<T> {
	maxEntries?: number;
	/** With `sizeOf`: the most the kept entries may weigh together (the newest entry is always kept). */
	maxBytes?: number;
	sizeOf?: (entry: T) => number;
}

export class SeqLog<T extends { seq: number }> {
	private entries: Array<{ entry: T; bytes: number }> = [];

	private lastSeq = 0;

	private totalBytes = 0;

	private readonly maxEntries: number;

	private readonly maxBytes: number;

	private readonly sizeOf: (entry: T) => number;

	constructor(limits: SeqLogLimits<T> = {}) {
		this.maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
		this.maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
		this.sizeOf = limits.sizeOf ?? (() => 0);
	}

	append(build: (seq: number, time: string) => T): T {
		this.lastSeq += 1;
		const entry = build(this.lastSeq, new Date().toISOString());
		const bytes = this.sizeOf(entry);
		this.entries.push({ entry, bytes });
		this.totalBytes += bytes;
		while (this.entries.length > 1 && (this.entries.length > this.maxEntries || this.totalBytes > this.maxBytes)) {
			this.totalBytes -= this.entries.shift()?.bytes ?? 0;
		}
		return entry;
	}

	since(seq = 0): T[] {
		return this.entries.filter(({ entry }) => entry.seq > seq).map(({ entry }) => entry);
	}

	/** What the kept entries weigh together, by the log's own measure (0 without one). */
	bytes(): number {
		return this.totalBytes;
	}

	clear(): void {
		this.entries = [];
		this.totalBytes = 0;
	}
}
