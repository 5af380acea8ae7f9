/**
 * Who may call what: the one role matrix of the public API (docs/fullstory-server-api.md §1.3, §13.1).
 * The docs say "Admin or Architect … to view or delete data", "Standard keys … create, update, and batch
 * (create/status)"; the rest (annotations, batch imports and errors, VIEW_ONLY) is the conservative reading
 * of §13.1. Config `roleOverrides` replaces the roles of single operations, so a test can try another reading.
 */
import { ROLES, type Role } from './types';

export const OPERATIONS = [
	'me',
	'webhooks',
	'users.create',
	'users.update',
	'users.get',
	'users.list',
	'users.delete',
	'events.create',
	'batch.create',
	'batch.status',
	'batch.imports',
	'batch.errors',
	'annotations.create',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export type RoleOverrides = Partial<Record<Operation, Role[]>>;

const VIEWERS_AND_DELETERS: readonly Role[] = ['ADMIN', 'ARCHITECT'];
const WRITERS: readonly Role[] = ['ADMIN', 'ARCHITECT', 'USER'];

export const ROLE_MATRIX: Readonly<Record<Operation, readonly Role[]>> = {
	// Every key may ask who it is: that is how a client explains a 403.
	me: ROLES,
	webhooks: VIEWERS_AND_DELETERS,
	'users.create': WRITERS,
	'users.update': WRITERS,
	'users.get': VIEWERS_AND_DELETERS,
	'users.list': VIEWERS_AND_DELETERS,
	'users.delete': VIEWERS_AND_DELETERS,
	'events.create': WRITERS,
	'batch.create': WRITERS,
	'batch.status': WRITERS,
	// Imports and errors hand back the data: "view" [INFER, §3.1].
	'batch.imports': VIEWERS_AND_DELETERS,
	'batch.errors': VIEWERS_AND_DELETERS,
	// A create, so Standard+ [INFER, §8].
	'annotations.create': WRITERS,
};

export function isOperation(value: unknown): value is Operation {
	return OPERATIONS.some((operation) => operation === value);
}

export function mayCall(operation: Operation, role: Role, overrides: RoleOverrides): boolean {
	return (overrides[operation] ?? ROLE_MATRIX[operation]).includes(role);
}
