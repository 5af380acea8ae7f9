/**
 * `npm run scan` (part of `npm test`): n8n's verification scan, `@n8n/scan-community-package`,
 * run offline with the gate's own `analyzePackage`. The real gate (`npx @n8n/scan-community-package
 * n8n-nodes-fullstory`) needs the package on the public registry with an npm provenance
 * attestation; it then lints the attested source and the published tarball. This does the same
 * on this checkout:
 *
 * 1. pin: the installed scanner is the exact version package.json pins;
 * 2. lint config: `eslint.config.mjs` lints every file the gate lints in the source, with every
 *    rule the gate turns on at the same level and options, inline disable comments ignored, and
 *    reports nothing on them (so no rule is switched off anywhere);
 * 3. source: the files git sees (what a GitHub archive of the commit holds), copied to a temp
 *    folder; the gate's `findPackageRoot` must find this package at its root (no other
 *    package.json carries the name), and `analyzePackage` with `SOURCE_FILE_PATTERNS` must pass;
 * 4. tarball: `npm run build`, `npm pack`, unpacked as the gate unpacks it; `analyzePackage` with
 *    `**\/*.js` and `package.json` must pass.
 *
 * "Pass" is stricter than the gate's: zero findings, warnings included (the gate fails on errors
 * only), and at least one file linted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import {
	SOURCE_FILE_PATTERNS,
	TARBALL_FILE_PATTERNS,
	analyzePackage,
	buildScanConfig,
	findPackageRoot,
	scannerGlob,
	scannerVersion,
} from './n8n-scanner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SCANNER = '@n8n/scan-community-package';

/** The files the gate lints in `dir` for `patterns` (its own glob call, same options). */
function gateFiles(dir, patterns) {
	return scannerGlob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
}

/** An ESLint set up exactly as the gate's `analyzePackage` sets it up. */
async function gateEslint(dir) {
	return new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

function formatMessages(results, dir) {
	return results
		.flatMap((r) => r.messages.map((m) => `  ${relative(dir, r.filePath)}:${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.message} (${m.ruleId ?? 'no rule'})`))
		.join('\n');
}

/**
 * The gate's verdict on `dir` (its `analyzePackage`), then the same lint once more to count
 * warnings, which `analyzePackage` does not report. Returns how many files were linted.
 */
async function scan(dir, patterns) {
	const files = gateFiles(dir, patterns);
	if (files.length === 0) throw new Error(`no files match ${patterns.join(', ')} in ${dir}`);
	const verdict = await analyzePackage(dir, patterns);
	if (!verdict.passed) throw new Error(`${verdict.message}\n${verdict.details ?? verdict.error?.stack ?? ''}`);
	const results = await (await gateEslint(dir)).lintFiles(files);
	const findings = formatMessages(results, dir);
	if (findings) throw new Error(`the gate's rules report warnings:\n${findings}`);
	return files.length;
}

async function checkPin() {
	const pinned = manifest.devDependencies?.[SCANNER];
	if (pinned !== scannerVersion) throw new Error(`package.json pins ${SCANNER} "${pinned}" but ${scannerVersion} is installed; pin the exact version and run npm install`);
	return `${SCANNER} ${scannerVersion}, pinned exactly`;
}

async function checkLintConfig() {
	const ours = new ESLint({ cwd: root });
	const gate = await gateEslint(root);
	const files = gateFiles(root, SOURCE_FILE_PATTERNS);
	if (files.length === 0) throw new Error('no source files to compare');
	const problems = [];
	for (const file of files) {
		const name = relative(root, file);
		if (await ours.isPathIgnored(file)) {
			problems.push(`${name}: npm run lint skips it, the gate lints it`);
			continue;
		}
		const mine = await ours.calculateConfigForFile(file);
		const theirs = await gate.calculateConfigForFile(file);
		if (mine === undefined) {
			problems.push(`${name}: no eslint.config.mjs entry applies to it`);
			continue;
		}
		if (mine.linterOptions?.noInlineConfig !== true) problems.push(`${name}: inline eslint comments are honoured (the gate ignores them)`);
		if (mine.languageOptions?.parser !== theirs.languageOptions?.parser) problems.push(`${name}: parsed with another parser than the gate's`);
		for (const [rule, setting] of Object.entries(theirs.rules ?? {})) {
			if (setting[0] === 0) continue;
			const own = mine.rules?.[rule];
			if (JSON.stringify(own) !== JSON.stringify(setting)) problems.push(`${name}: ${rule} is ${JSON.stringify(own ?? 'absent')}, the gate has ${JSON.stringify(setting)}`);
		}
	}
	if (problems.length > 0) {
		const shown = problems.slice(0, 20).concat(problems.length > 20 ? [`... and ${problems.length - 20} more`] : []);
		throw new Error(`eslint.config.mjs has drifted from the gate:\n  ${shown.join('\n  ')}`);
	}
	// Our own lint on the gate's files: nothing, not even a disable comment (noInlineConfig warns).
	const findings = formatMessages(await ours.lintFiles(files), root);
	if (findings) throw new Error(`npm run lint reports findings on shipped files:\n${findings}`);
	return `eslint.config.mjs lints all ${files.length} files the gate lints, with the gate's rules, 0 findings`;
}

/** The files git sees (tracked, plus untracked ones not ignored), copied into `destination`. */
function copyGitTree(destination) {
	const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root).split('\0').filter(Boolean);
	let copied = 0;
	for (const file of listed) {
		const from = join(root, file);
		if (!existsSync(from)) continue; // deleted in the working tree
		mkdirSync(dirname(join(destination, file)), { recursive: true });
		cpSync(from, join(destination, file));
		copied += 1;
	}
	return copied;
}

async function checkSource(work) {
	const source = join(work, 'source');
	mkdirSync(source);
	copyGitTree(source);
	const owners = scannerGlob
		.sync('**/package.json', { cwd: source, ignore: ['**/node_modules/**'] })
		.filter((file) => JSON.parse(readFileSync(join(source, file), 'utf8')).name === manifest.name);
	if (owners.length !== 1) throw new Error(`package.json files named ${manifest.name}: ${owners.join(', ')}; only the root one may carry the name`);
	const found = findPackageRoot(source, manifest.name);
	if (found !== source) throw new Error(`the gate would take ${found === null ? 'no folder' : relative(source, found) || '.'} as the package root`);
	const count = await scan(source, SOURCE_FILE_PATTERNS);
	return `source (git tree): package root found at the top, ${count} files, 0 findings`;
}

async function checkTarball(work) {
	run('npm', ['run', 'build'], root);
	const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
	const tarball = join(work, packed[0].filename);
	const unpacked = join(work, 'package');
	mkdirSync(unpacked);
	run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], work);
	// A tarball without the built files would pass the scan vacuously.
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(unpacked, file)));
	if (declared.length === 0 || missing.length > 0) throw new Error(`the tarball lacks what package.json's n8n section declares: ${missing.join(', ') || 'nothing declared'}`);
	const count = await scan(unpacked, TARBALL_FILE_PATTERNS);
	return `tarball ${packed[0].filename}: ${count} files, 0 findings`;
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'n8n-verification-scan-'));
const checks = [checkPin, checkLintConfig, () => checkSource(work), () => checkTarball(work)];
let failed = 0;
console.log(`n8n verification scan, offline (${SCANNER} ${scannerVersion})`);
try {
	for (const check of checks) {
		try {
			console.log(`  ok    ${await check()}`);
		} catch (error) {
			failed += 1;
			console.log(`  FAIL  ${error instanceof Error ? error.message : String(error)}`);
		}
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(failed === 0 ? `verification scan clean: ${checks.length} checks in ${seconds} s` : `verification scan: ${failed} of ${checks.length} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
