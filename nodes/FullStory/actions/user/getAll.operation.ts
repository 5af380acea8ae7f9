import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { UserFilters } from '../../../api/users/types';
import { listUsers } from '../../../api/users/users';
import { returnAllOrLimit } from '../common';
import { readCollection, readLimit } from '../params';
import type { Operation } from '../types';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only users that match every filter given (exact matches)',
		options: [
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{
				displayName: 'Identified',
				name: 'identified',
				type: 'boolean',
				default: true,
				description: 'Whether to list only users your app identified with a uid (on), or only anonymous ones (off)',
			},
			{ displayName: 'User ID (Uid)', name: 'uid', type: 'string', default: '', description: "Your app's ID for the user" },
		],
	},
];

function readFilters(context: IExecuteFunctions, itemIndex: number): UserFilters {
	const given = readCollection(context, itemIndex, 'filters');
	const filters: UserFilters = {};
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
	const uid = text(given.uid);
	const email = text(given.email);
	const displayName = text(given.displayName);
	if (uid !== undefined) filters.uid = uid;
	if (email !== undefined) filters.email = email;
	if (displayName !== undefined) filters.display_name = displayName;
	if (typeof given.identified === 'boolean') filters.is_identified = given.identified;
	return filters;
}

export const getAll: Operation = {
	description: updateDisplayOptions({ show: { resource: ['user'], operation: ['getAll'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const users = await listUsers(this, readFilters(this, itemIndex), { itemIndex, limit: readLimit(this, itemIndex) });
		return users.map((user) => ({ ...user }));
	},
};
