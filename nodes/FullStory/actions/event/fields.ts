/**
 * Who and which session an event is about, as the user chooses it: the choices are the links
 * FullStory accepts (docs/fullstory-server-api.md §4), so a combination it refuses cannot be
 * picked, and reading them gives an EventUser and an EventSession that obey its rules.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EventSession, EventUser } from '../../../api/events/types';
import { parseSessionId } from '../../../api/sessions/sessionId';
import { fail, readOptionalString, readRequiredString } from '../params';

const LINKS_WITH_USER = ['mostRecentSession', 'user', 'sessionUid'];

export const linkFields: INodeProperties[] = [
	{
		displayName: 'Link To',
		name: 'linkTo',
		type: 'options',
		options: [
			{
				name: 'Most Recent Session of the User',
				value: 'mostRecentSession',
				description: "The user's session of the last 30 minutes, if any (else the user alone): what a payment or a ticket from your back end wants",
			},
			{ name: 'Nothing', value: 'none', description: 'Neither a user nor a session: the event counts in metrics only' },
			{ name: 'Session', value: 'session', description: 'One session, by its ID or replay URL (its user is implied)' },
			{ name: 'Session by Your Own Session ID', value: 'sessionUid', description: 'The session your app gave a session uid' },
			{ name: 'User Only', value: 'user', description: 'The user, not a session' },
		],
		default: 'mostRecentSession',
		description: 'Which user or session the event belongs to in FullStory',
	},
	{
		displayName: 'Identify User By',
		name: 'userIdType',
		type: 'options',
		options: [
			{ name: 'Your User ID (Uid)', value: 'uid', description: 'The ID your app gives the user (FS.identify)' },
			{ name: 'FullStory User ID', value: 'id', description: "FullStory's own ID, as User > Create or Update returns it" },
		],
		default: 'uid',
		displayOptions: { show: { linkTo: LINKS_WITH_USER } },
	},
	{
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		placeholder: 'customer-4711',
		description: 'The user the event is about, by the ID chosen above. Optional for a session by your own session ID.',
		displayOptions: { show: { linkTo: LINKS_WITH_USER } },
	},
	{
		displayName: 'Session',
		name: 'session',
		type: 'string',
		default: '',
		placeholder: '6915774531905556:5557778531805533',
		description: 'The session as userId:sessionId, or any FullStory replay URL (a FullStory Trigger item\'s sessionUrl works as it is)',
		displayOptions: { show: { linkTo: ['session'] } },
	},
	{
		displayName: 'Session UID',
		name: 'sessionUid',
		type: 'string',
		default: '',
		description: 'The session ID your app gave the session',
		displayOptions: { show: { linkTo: ['sessionUid'] } },
	},
];

export interface EventLink {
	user?: EventUser;
	session?: EventSession;
}

function readUser(context: IExecuteFunctions, itemIndex: number, required: boolean): EventUser | undefined {
	const value = required ? readRequiredString(context, itemIndex, 'user', 'User') : readOptionalString(context, itemIndex, 'user');
	if (value === undefined) return undefined;
	return context.getNodeParameter('userIdType', itemIndex, 'uid') === 'id' ? { id: value } : { uid: value };
}

export function readEventLink(context: IExecuteFunctions, itemIndex: number): EventLink {
	const linkTo = context.getNodeParameter('linkTo', itemIndex, 'mostRecentSession');
	switch (linkTo) {
		case 'mostRecentSession':
			return { user: readUser(context, itemIndex, true), session: { use_most_recent: true } };
		case 'user':
			return { user: readUser(context, itemIndex, true) };
		case 'session': {
			const given = readRequiredString(context, itemIndex, 'session', 'Session');
			const id = parseSessionId(given);
			if (id === undefined) {
				fail(context, itemIndex, `Session "${given.slice(0, 80)}" is neither a session ID nor a FullStory replay URL`, 'Give userId:sessionId (e.g. 6915774531905556:5557778531805533) or a replay URL such as the sessionUrl of a FullStory Trigger item.');
			}
			return { session: { id } };
		}
		case 'sessionUid': {
			const user = readUser(context, itemIndex, false);
			const session: EventSession = { uid: readRequiredString(context, itemIndex, 'sessionUid', 'Session UID') };
			return user === undefined ? { session } : { user, session };
		}
		case 'none':
			return {};
		default:
			fail(context, itemIndex, `Link To "${String(linkTo)}" is not one of the choices`, 'Choose what the event belongs to from the list.');
	}
}
