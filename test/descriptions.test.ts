/**
 * What the editor shows on the canvas and in the panels, derived from the nodes' descriptions:
 * subtitles in words, the trigger panel instead of a notice, and pickers that never block the
 * editor. The subtitle expressions are evaluated the way n8n evaluates them, with `$parameter`.
 */
import type { INodeProperties } from 'n8n-workflow';

import { FullStory } from '../nodes/FullStory/FullStory.node';
import { FullStoryTrigger } from '../nodes/FullStoryTrigger/FullStoryTrigger.node';
import { operationSubtitle } from '../nodes/FullStory/actions/subtitle';
import { SUBCATEGORY_PICKERS } from '../nodes/eventTypes/catalog';

/** Evaluates an `={{ … }}` subtitle over the given parameters. */
function subtitle(expression: string | undefined, parameters: Record<string, unknown>): unknown {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression ?? '')?.[1];
	if (body === undefined) throw new Error(`not an expression: ${String(expression)}`);
	return new Function('$parameter', `return (${body});`)(parameters);
}

const trigger = new FullStoryTrigger().description;
const action = new FullStory().description;

describe('canvas subtitles', () => {
	it('the trigger shows its events by name, and unknown types as they are', () => {
		expect(subtitle(trigger.subtitle, { events: ['note.created', 'recording.event.custom'] })).toBe('Note Created, Custom Event');
		expect(subtitle(trigger.subtitle, { events: ['session.highlight'] })).toBe('session.highlight');
		expect(subtitle(trigger.subtitle, {})).toBe('');
	});

	it('the action node shows the operation in words', () => {
		expect(subtitle(action.subtitle, { resource: 'eventType', operation: 'getAll' })).toBe('Get many event types');
		expect(subtitle(action.subtitle, { resource: 'endpoint', operation: 'get' })).toBe('Get a webhook endpoint');
	});

	it("the action node's literal subtitle is the one derived from its operations' action texts", () => {
		expect(action.subtitle).toBe(operationSubtitle(action.properties));
	});
});

describe('the trigger panel', () => {
	it('explains registration, the temporary test endpoint and how to send a test event, with no notice', () => {
		expect(trigger.properties.some((property) => property.type === 'notice')).toBe(false);
		const panel = trigger.triggerPanel;
		if (typeof panel !== 'object') throw new Error('no trigger panel');
		const help = JSON.stringify(panel);
		expect(help).toMatch(/temporary FullStory endpoint/);
		expect(help).toMatch(/npm run deliver -- note\.created/);
		expect(help).toMatch(/N8N_WEBHOOK_URL/);
	});
});

describe('pickers', () => {
	function pickersOf(properties: INodeProperties[]): INodeProperties[] {
		return properties.filter((property) => SUBCATEGORY_PICKERS.some((picker) => picker.parameter === property.name));
	}

	it.each([
		['the trigger', trigger.properties],
		['the action node', action.properties],
	])('no subcategory picker of %s is required, so an expression in Events cannot block publishing', (_, properties) => {
		const pickers = pickersOf(properties);
		expect(pickers.length).toBeGreaterThanOrEqual(SUBCATEGORY_PICKERS.length);
		expect(pickers.every((picker) => picker.required !== true)).toBe(true);
	});

	it.each([
		['the trigger', trigger.properties],
		['the action node', action.properties],
	])("each subcategory picker of %s says in words which event needs it, as the Events list shows it", (_, properties) => {
		const said = pickersOf(properties).map((property) => {
			const picker = SUBCATEGORY_PICKERS.find((entry) => entry.parameter === property.name);
			return { picker: property.displayName, inWords: property.description?.includes(`Needed when ${picker?.eventDisplayName} is among`), wireName: property.description?.includes(picker?.eventName ?? '?') };
		});
		expect(said.filter((entry) => entry.inWords !== true || entry.wireName !== false)).toEqual([]);
	});

	it('Event Type > Get Many offers no paging controls: the list arrives in one answer', () => {
		const shownFor = (property: INodeProperties) => property.displayOptions?.show?.resource?.includes('eventType') === true;
		expect(action.properties.filter(shownFor).map((property) => property.name)).toEqual(['operation']);
	});
});
