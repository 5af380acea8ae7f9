/**
 * Where benchmark figures go (`build/bench-results/<name>.json`), with the machine and commit they
 * were measured on; scripts/figures.mjs turns them into docs/figures.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from '../harness/install/paths';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGiB: number;
	node: string;
	platform: string;
}

export function machine(): Machine {
	const [first] = cpus();
	return {
		cpu: first?.model.trim() ?? 'unknown',
		cores: cpus().length,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
	};
}

/** The commit measured, so docs/figures.md can say what the numbers belong to. */
function commit(): string {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
		return dirty ? `${head} with uncommitted changes` : head;
	} catch {
		return 'unknown';
	}
}

export function writeReport(name: string, figures: object): string {
	const folder = join(findRepoRoot(), 'build', 'bench-results');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `${name}.json`);
	writeFileSync(file, `${JSON.stringify({ machine: machine(), measuredAt: new Date().toISOString(), commit: commit(), ...figures }, null, '\t')}\n`);
	return file;
}

export function round(value: number, digits = 1): number {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
}
