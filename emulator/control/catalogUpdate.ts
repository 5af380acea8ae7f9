/**
 * Applies a `POST /__emulator/catalog` update to one org's catalog, whole or not at all: the steps run on a
 * copy, in the order documented on CatalogUpdate, and every name is checked against the org's catalog as
 * the earlier steps left it (so a type added here can be given subcategories here).
 */
import { isBuiltInEventName, type OrgCatalog } from '../state/catalog';
import { invalidArgument } from '../errors';
import { fail, ok, type Outcome } from '../http';
import type { CatalogUpdate } from './types';

function namesIn(record: Record<string, unknown> | undefined): string[] {
	return Object.keys(record ?? {});
}

function addEventTypes(draft: OrgCatalog, update: CatalogUpdate): Outcome<void> {
	for (const [index, def] of (update.addEventTypes ?? []).entries()) {
		// Built-in types change through hasSubcategories and eventNames; redefining one would fork the fixtures.
		if (isBuiltInEventName(def.eventName)) {
			return fail(
				invalidArgument(
					`addEventTypes[${index}].eventName "${def.eventName}" is in the built-in catalog; ` +
						'change it with hasSubcategories or eventNames',
				),
			);
		}
		draft.define(def);
	}
	return ok(undefined);
}

function refuseUnknownNames(draft: OrgCatalog, update: CatalogUpdate): Outcome<void> {
	const named = [
		...(update.eventNames ?? []),
		...namesIn(update.hasSubcategories),
		...namesIn(update.subcategories),
		...namesIn(update.generateSubcategories),
	];
	const unknown = [...new Set(named.filter((name) => !draft.knows(name)))];
	return unknown.length === 0 ? ok(undefined) : fail(invalidArgument(`unknown event names: ${unknown.join(', ')}`));
}

function replaceFixtures(draft: OrgCatalog, update: CatalogUpdate): Outcome<void> {
	const named = [...namesIn(update.subcategories), ...namesIn(update.generateSubcategories)];
	const withoutSubcategories = named.filter((name) => !draft.hasSubcategories(name));
	if (withoutSubcategories.length > 0) {
		return fail(invalidArgument(`event types without subcategories: ${withoutSubcategories.join(', ')}`));
	}
	for (const [eventName, defs] of Object.entries(update.subcategories ?? {})) {
		draft.replaceSubcategories(
			eventName,
			defs.map(({ subcategory, displayName }) => ({ subcategory, displayName })),
		);
	}
	for (const [eventName, count] of Object.entries(update.generateSubcategories ?? {})) {
		draft.generateSubcategories(eventName, count);
	}
	return ok(undefined);
}

/** The org's catalog after the update, or the error naming what the update got wrong. */
export function updatedCatalog(current: OrgCatalog, update: CatalogUpdate): Outcome<OrgCatalog> {
	const draft = current.clone();
	const added = addEventTypes(draft, update);
	if (!added.ok) return added;
	const known = refuseUnknownNames(draft, update);
	if (!known.ok) return known;
	for (const [eventName, flag] of Object.entries(update.hasSubcategories ?? {})) {
		draft.setHasSubcategories(eventName, flag);
	}
	if (update.eventNames !== undefined) {
		draft.offer([...update.eventNames, ...(update.addEventTypes ?? []).map((def) => def.eventName)]);
	}
	const fixtures = replaceFixtures(draft, update);
	return fixtures.ok ? ok(draft) : fixtures;
}
