import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getKeyIdentity } from '../../../api/account/me';
import { KEY_ROLES, ROLE_NEEDS, isKnownRole } from '../../../api/account/roles';
import type { RoleNeed } from '../../../api/account/roles';
import type { Operation } from '../types';

const NEEDS = Object.keys(ROLE_NEEDS).filter((need): need is RoleNeed => Object.hasOwn(ROLE_NEEDS, need));

export const get: Operation = {
	// Nothing to choose: the credential's key is the account.
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['get'] } }, []),
	async execute(this: IExecuteFunctions) {
		const identity = await getKeyIdentity(this);
		const facts = isKnownRole(identity.role) ? KEY_ROLES[identity.role] : undefined;
		const meets = (need: RoleNeed) => facts?.meets.includes(need) === true;
		return {
			orgId: identity.orgId,
			email: identity.email,
			role: identity.role,
			roleName: facts?.label ?? identity.role,
			mayDo: NEEDS.filter(meets).map((need) => ROLE_NEEDS[need].covers),
			mayNotDo: NEEDS.filter((need) => !meets(need)).map((need) => ROLE_NEEDS[need].covers),
		};
	},
};
