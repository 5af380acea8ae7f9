import { SeqLog } from '../../emulator/state/seqLog';

interface Entry {
	seq: number;
	text: string;
}

const entryOf = (text: string) => (seq: number): Entry => ({ seq, text });

describe('SeqLog bounds (emulator/state/seqLog.ts)', () => {
	it('drops the oldest entries past its byte bound, keeping the newest', () => {
		const log = new SeqLog<Entry>({ maxBytes: 100, sizeOf: (entry) => entry.text.length });
		for (let n = 0; n < 10; n++) log.append(entryOf('x'.repeat(30)));
		expect(log.bytes()).toBeLessThanOrEqual(100);
		expect(log.since().map((entry) => entry.seq)).toEqual([8, 9, 10]);
		expect(log.bytes()).toBe(90);
	});

	it('always keeps the newest entry, even one heavier than the bound', () => {
		const log = new SeqLog<Entry>({ maxBytes: 10, sizeOf: (entry) => entry.text.length });
		log.append(entryOf('small'));
		log.append(entryOf('y'.repeat(50)));
		expect(log.since().map((entry) => entry.seq)).toEqual([2]);
		log.append(entryOf('z'));
		expect(log.since().map((entry) => entry.text)).toEqual(['z']);
		expect(log.bytes()).toBe(1);
	});

	it('drops past its entry bound too, and forgets its weight on clear but not its numbering', () => {
		const log = new SeqLog<Entry>({ maxEntries: 2, maxBytes: 1_000, sizeOf: (entry) => entry.text.length });
		for (const text of ['a', 'b', 'c']) log.append(entryOf(text));
		expect(log.since().map((entry) => entry.text)).toEqual(['b', 'c']);
		log.clear();
		expect(log.bytes()).toBe(0);
		expect(log.append(entryOf('d')).seq).toBe(4);
	});

	it('is bounded by entries only without a measure', () => {
		const log = new SeqLog<Entry>();
		for (let n = 0; n < 10_005; n++) log.append(entryOf(''));
		expect(log.since()).toHaveLength(10_000);
		expect(log.bytes()).toBe(0);
	});
});
