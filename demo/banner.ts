/** The block printed once the demo is ready: where to go, how to log in, and how to fire events. */
import { relative } from 'node:path';
import type { DemoWorkflow } from './workflows';

export interface ReadyFacts {
	n8nUrl: string;
	/** The demo folder's own owner login (owner.ts). */
	login: { email: string; password: string };
	emulatorUrl: string;
	apiKey: string;
	orgId: string;
	workflows: DemoWorkflow[];
	/** The trigger workflow's production webhook URL, registered in the emulator. */
	triggerUrl: string;
	logFile: string;
	repoRoot: string;
}

function workflowLine(facts: ReadyFacts, entry: DemoWorkflow): string {
	const how = entry.published
		? 'published; its trigger is registered in the emulator'
		: entry.hasTrigger
			? 'set its addresses and credentials, then publish'
			: 'open it and click "Execute workflow"';
	return `    - ${entry.workflow.name} (${how})\n      ${facts.n8nUrl}/workflow/${entry.workflow.id}`;
}

export function readyBlock(facts: ReadyFacts): string {
	const rule = '-'.repeat(72);
	const fire = [
		['note.created', 'a note'],
		['segment.trend.alert', 'a segment alert'],
		['recording.event.custom', 'a custom event'],
		['note.created --times 2', 'the same bytes twice: Drop Redeliveries keeps one'],
		['note.created --tamper', 'one byte changed: answered 401, no execution'],
	].map(([args, what]) => `    npm run deliver -- ${args.padEnd(24)} ${what}`);
	return [
		rule,
		'  FullStory demo is ready',
		'',
		`  n8n editor          ${facts.n8nUrl}`,
		`    login             ${facts.login.email}  /  ${facts.login.password}`,
		`  FullStory emulator  ${facts.emulatorUrl}  (in memory: empty on every start)`,
		`    page              ${facts.emulatorUrl}/  (endpoints, send events, faults, last deliveries)`,
		`    API key           ${facts.apiKey}  (ADMIN, org ${facts.orgId})`,
		'',
		'  Workflows (credential "FullStory account" points at the emulator):',
		...facts.workflows.map((entry) => workflowLine(facts, entry)),
		'',
		'  Fire events at the trigger from another terminal:',
		...fire,
		`  Each delivery goes to ${facts.triggerUrl}`,
		'  and shows up under the workflow\'s Executions tab.',
		'',
		`  n8n log: ${relative(facts.repoRoot, facts.logFile)}`,
		'  Press Ctrl-C to stop.',
		rule,
	].join('\n');
}
