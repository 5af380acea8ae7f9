/**
 * A throwaway community package generated at run time (never committed): it proves the harness's
 * loading path — tarball → `.n8n/nodes/node_modules/n8n-nodes-*` → `/types/nodes.json` —
 * independently of whether the real package builds yet.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';
export const PROBE_NODE = 'e2eProbe';
/** The type name n8n gives a community node: `<package>.<node name>`. */
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.${PROBE_NODE}`;
export const PROBE_TRIGGER = 'e2eProbeTrigger';
export const PROBE_TRIGGER_TYPE = `${PROBE_PACKAGE}.${PROBE_TRIGGER}`;
/** The message the trigger's create() throws when its `failCreate` parameter is on. */
export const PROBE_CREATE_ERROR = 'e2e probe: create() refused on purpose';

// Plain CommonJS, as tsc would emit it; `require('n8n-workflow')` is deliberately absent so the
// probe loads the same whether or not the peer dependency is installed.
const NODE_SOURCE = `'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.E2eProbe = void 0;
class E2eProbe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe',
			name: '${PROBE_NODE}',
			group: ['transform'],
			version: 1,
			description: 'Marks every item with probed: true (harness self-test).',
			defaults: { name: 'E2E Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, index) => ({ json: { ...item.json, probed: true }, pairedItem: { item: index } }))];
	}
}
exports.E2eProbe = E2eProbe;
`;

// A self-registering webhook trigger, like the FullStory trigger in shape: its create() can be told
// to fail, which is how the harness observes n8n's publication statuses and retries.
const TRIGGER_SOURCE = `'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.E2eProbeTrigger = void 0;
class E2eProbeTrigger {
	constructor() {
		this.description = {
			displayName: 'E2E Probe Trigger',
			name: '${PROBE_TRIGGER}',
			group: ['trigger'],
			version: 1,
			description: 'Starts a workflow per POST; create() fails when told to (harness self-test).',
			defaults: { name: 'E2E Probe Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
			properties: [{ displayName: 'Fail Create', name: 'failCreate', type: 'boolean', default: false }],
		};
		this.webhookMethods = {
			default: {
				async checkExists() {
					return false;
				},
				async create() {
					if (this.getNodeParameter('failCreate', false) === true) throw new Error('${PROBE_CREATE_ERROR}');
					this.getWorkflowStaticData('node').registeredUrl = this.getNodeWebhookUrl('default');
					return true;
				},
				async delete() {
					delete this.getWorkflowStaticData('node').registeredUrl;
					return true;
				},
			},
		};
	}
	async webhook() {
		const req = this.getRequestObject();
		return { workflowData: [[{ json: { received: req.body } }]] };
	}
}
exports.E2eProbeTrigger = E2eProbeTrigger;
`;

/** Writes the probe package into a new temp folder and returns that folder (ready for `npm pack`). */
export function writeProbePackage(): string {
	const root = mkdtempSync(join(tmpdir(), 'n8n-e2e-probe-'));
	mkdirSync(join(root, 'dist', 'nodes'), { recursive: true });
	const manifest = {
		name: PROBE_PACKAGE,
		version: '0.0.1',
		description: 'e2e harness probe (generated, not published)',
		license: 'MIT',
		keywords: ['n8n-community-node-package'],
		main: 'index.js',
		files: ['dist', 'index.js'],
		n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/nodes/E2eProbe.node.js', 'dist/nodes/E2eProbeTrigger.node.js'] },
		peerDependencies: { 'n8n-workflow': '*' },
	};
	writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	writeFileSync(join(root, 'index.js'), '// n8n loads the files listed under "n8n" in package.json.\n');
	writeFileSync(join(root, 'dist', 'nodes', 'E2eProbe.node.js'), NODE_SOURCE);
	writeFileSync(join(root, 'dist', 'nodes', 'E2eProbeTrigger.node.js'), TRIGGER_SOURCE);
	return root;
}
