/** The control API's own shapes (`/__emulator/info`, `/catalog`, `/keys`); deliveries' are in deliveries/types.ts. */
import type { EventTypeDef, Role, SubcategoryDef } from '../api/types';
import type { EmulatorConfig } from '../state/config';

export interface OrgInfo {
	orgId: string;
	keys: Array<{ key: string; role: Role; email: string }>;
}

/** `GET /__emulator/info`. */
export interface EmulatorInfo {
	baseUrl: string;
	strict: boolean;
	defaultOrgId: string;
	orgs: OrgInfo[];
	config: EmulatorConfig;
}

/**
 * One org's catalog change, applied whole or not at all, in this order: addEventTypes, hasSubcategories,
 * eventNames, then subcategories / generateSubcategories (so each may name what the earlier ones made).
 */
export interface CatalogUpdate {
	orgId?: string;
	/** Types outside the built-in catalog (ones FullStory might add later); offered from now on. */
	addEventTypes?: EventTypeDef[];
	/** Overrides of `hasSubcategories` for this org; List Event Types reports the effective value. */
	hasSubcategories?: Record<string, boolean>;
	/** Which of the org's known types (built-in plus added) its plan offers; types added in the same update stay offered. */
	eventNames?: string[];
	subcategories?: Record<string, SubcategoryDef[]>;
	/** Replace an event's subcategories with this many deterministic fixtures. */
	generateSubcategories?: Record<string, number>;
}

/** `GET` and `POST /__emulator/catalog`. */
export interface CatalogSummary {
	orgId: string;
	eventDefs: EventTypeDef[];
	subcategoryCounts: Record<string, number>;
}

/** `POST /__emulator/keys`. */
export interface KeySpec {
	key: string;
	role: Role;
	orgId: string;
	email?: string;
}
