/** Signs the demo's client in: creates the fixed demo owner on the first start, logs in with it afterwards. */
import { DEMO_OWNER, DemoError } from './config';
import { ownerSetupPending } from './rest';
import { N8nHttpError } from '../harness/rest/http-session';
import type { N8nApi, User } from '../harness/rest/n8n-api';

export interface SignIn {
	user: User;
	/** True on the first start of the demo folder. */
	created: boolean;
}

export async function signIn(api: N8nApi, folder: string): Promise<SignIn> {
	if (await ownerSetupPending(api)) return { user: await api.setupOwner(DEMO_OWNER), created: true };
	try {
		return { user: await api.login(DEMO_OWNER), created: false };
	} catch (error) {
		// Someone changed the demo login in the editor; only a fresh folder brings the printed one back.
		if (error instanceof N8nHttpError && error.status === 401) {
			throw new DemoError(
				`n8n in ${folder} no longer accepts the demo login ${DEMO_OWNER.email} / ${DEMO_OWNER.password} ` +
					`(was the password or email changed in the editor?). To start the demo over, remove that folder.`,
			);
		}
		throw error;
	}
}
