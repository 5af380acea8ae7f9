/**
 * Every `§` a comment or a test cites names a section that exists in the docs it means. A bare
 * `§2.5` means the last document named before it in the same file, or docs/fullstory-api.md (the
 * Webhooks v1 reference most of the code follows) when none is named. An RFC's `§` is skipped.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const DEFAULT_DOC = 'fullstory-api.md';
const CITING_FILES = /^(nodes|credentials|emulator|test|e2e|harness|demo|bench|scripts)\/.*\.(ts|mjs|js)$/;
const CITATION = /(?:([A-Za-z0-9_-]+\.md)[^§\n]{0,40})?§\s?(\d+(?:\.\d+)*)/g;

/** A heading's number (`### 2.5 …` is 2.5), and item k of a numbered list under `## N.` (N.k). */
function sectionNumbers(doc: string): Set<string> {
	const numbers = new Set<string>();
	let topSection: string | undefined;
	for (const line of readFileSync(join(ROOT, 'docs', doc), 'utf8').split('\n')) {
		const heading = /^(#+)\s+(\d+(?:\.\d+)*)[.\s]/.exec(line);
		if (heading !== null) {
			numbers.add(heading[2]);
			if (heading[1].length === 2) topSection = heading[2];
			continue;
		}
		const item = /^(\d+)\.\s/.exec(line);
		if (item !== null && topSection !== undefined) numbers.add(`${topSection}.${item[1]}`);
	}
	return numbers;
}

interface Citation {
	file: string;
	line: number;
	doc: string;
	section: string;
}

function citations(): Citation[] {
	const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
		.split('\n')
		// Tracked files deleted in the working tree are gone from what the code cites.
		.filter((file) => CITING_FILES.test(file) && file !== 'test/docs/sectionReferences.test.ts' && existsSync(join(ROOT, file)));
	const found: Citation[] = [];
	for (const file of files) {
		let lastDoc = DEFAULT_DOC;
		readFileSync(join(ROOT, file), 'utf8')
			.split('\n')
			.forEach((text, index) => {
				for (const match of text.matchAll(CITATION)) {
					// An RFC's sections are the RFC's, not ours.
					if (/RFC \d+\s*$/.test(text.slice(0, match.index + match[0].indexOf('§')))) continue;
					if (match[1] !== undefined) lastDoc = match[1];
					found.push({ file, line: index + 1, doc: lastDoc, section: match[2] });
				}
			});
	}
	return found;
}

describe('section references', () => {
	const all = citations();

	it('are found (the scan reads the code)', () => {
		expect(all.length).toBeGreaterThan(50);
		expect(all.some((c) => c.doc === 'fullstory-api.md' && c.section === '3')).toBe(true);
	});

	it('each name a section of a document in docs/', () => {
		const sections = new Map<string, Set<string>>();
		const unresolved = all.filter((citation) => {
			let known = sections.get(citation.doc);
			if (known === undefined) {
				try {
					known = sectionNumbers(citation.doc);
				} catch {
					known = new Set();
				}
				sections.set(citation.doc, known);
			}
			return !known.has(citation.section);
		});
		expect(unresolved.map((c) => `${c.file}:${c.line} ${c.doc} §${c.section}`)).toEqual([]);
	});
});
