/**
 * Deterministic seed data: one modern org and one legacy org, with a key per interesting role
 * (Admin, Architect, Standard and View-only for the modern org).
 * Keys look like real ones (`na1.` region prefix, a `/` inside) so clients are tested against
 * keys they must not split, trim or encode (docs/fullstory-api.md §1).
 */
import type { ApiKeyRecord } from './types';

export const DEFAULT_ORG_ID = 'o-1ABCDE-na1';
/** Legacy orgs have short ids, as in the docs' app URLs. */
export const LEGACY_ORG_ID = 'TN1';

export const SEED_KEYS = {
	admin: 'na1.emulator-admin/Yx7qK2mP9vR4tW1zB6nD3fH8jL5sA0cE.adm',
	architect: 'na1.emulator-architect/Qw3eR5tY7uI9oP1aS2dF4gH6jK8lZ0xC.arc',
	standard: 'na1.emulator-standard/Mn4bV6cX8zL1kJ3hG5fD7sA9pO2iU0yT.usr',
	/** May call `/me` only (docs/fullstory-server-api.md §13.1). */
	viewOnly: 'na1.emulator-viewonly/Lp5kJ8hG2fD4sA6zX9cV1bN3mQ7wE0rT.vwo',
	legacyAdmin: 'na1.emulator-legacy/Ab1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV.leg',
} as const;

/** Email given to the extra ADMIN key passed at start-up (`--api-key`). */
export const STARTUP_KEY_EMAIL = 'emulator@example.com';

export function seedKeys(defaultOrgId: string): ApiKeyRecord[] {
	return [
		{ key: SEED_KEYS.admin, role: 'ADMIN', orgId: defaultOrgId, email: 'admin@example.com' },
		{ key: SEED_KEYS.architect, role: 'ARCHITECT', orgId: defaultOrgId, email: 'architect@example.com' },
		{ key: SEED_KEYS.standard, role: 'USER', orgId: defaultOrgId, email: 'standard@example.com' },
		{ key: SEED_KEYS.viewOnly, role: 'VIEW_ONLY', orgId: defaultOrgId, email: 'viewer@example.com' },
		{ key: SEED_KEYS.legacyAdmin, role: 'ADMIN', orgId: LEGACY_ORG_ID, email: '' },
	];
}
