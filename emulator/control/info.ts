/** `GET /__emulator/info` (and the server handle's `info()`): what a running emulator is, with every usable key. */
import type { EmulatorContext } from '../state/context';
import type { EmulatorInfo } from './types';

export function emulatorInfo(context: EmulatorContext): EmulatorInfo {
	const { store } = context;
	return {
		baseUrl: context.baseUrl,
		strict: store.config.strict,
		defaultOrgId: store.defaultOrgId,
		orgs: store.orgIds().map((orgId) => ({
			orgId,
			keys: store.keysOf(orgId).map(({ key, role, email }) => ({ key, role, email })),
		})),
		config: { ...store.config },
	};
}
