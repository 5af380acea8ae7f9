/**
 * The pieces every guard of FullStory's answers is built from, and the guards the transport
 * itself needs (the error body, an answer with any body).
 *
 * FullStory's docs disagree with themselves on casing (camelCase in every v1 example, snake_case
 * in the schema tables and in v2), and generated catalogs use yet other names
 * (docs/fullstory-api.md §0, §2.4). We send only the documented shapes, but read every spelling
 * seen (`pick`), so a casing change on FullStory's side cannot break a workflow. Each parser
 * returns `undefined` for a value that is not the expected shape; the transport turns that into a
 * clear error.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ApiErrorBody, Page } from './types';

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `names` present on `record`, so alternative spellings read as one field. */
export function pick(record: IDataObject, ...names: string[]): unknown {
	for (const name of names) {
		if (record[name] !== undefined && record[name] !== null) return record[name];
	}
	return undefined;
}

export function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Protobuf's JSON mapping leaves out fields at their default value, so a missing boolean is
 * `false` (an endpoint without `enabled` is a disabled one, which is the safe reading).
 */
export function protoBoolean(value: unknown): boolean | undefined {
	if (value === undefined || value === null) return false;
	return typeof value === 'boolean' ? value : undefined;
}

export function parseList<T>(value: unknown, parseItem: (item: unknown) => T | undefined): T[] | undefined {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) return undefined;
	const items: T[] = [];
	for (const raw of value) {
		const item = parseItem(raw);
		if (item === undefined) return undefined;
		items.push(item);
	}
	return items;
}

/** The next page's token of a v1 answer; an empty one ends the list like a missing one. */
export function nextToken(record: IDataObject): string | undefined {
	return optionalString(pick(record, 'nextPaginationToken', 'next_pagination_token'));
}

function pageOf<T>(items: T[], token: string | undefined): Page<T> {
	return token === undefined ? { items } : { items, nextPaginationToken: token };
}

/** A v1 page of `items`, with the next token when the answer carries one. */
export function withToken<T>(items: T[], record: IDataObject): Page<T> {
	return pageOf(items, nextToken(record));
}

/**
 * A v2 list answer, `{results, next_page_token, total_records}` (docs/fullstory-server-api.md §2.4,
 * §3.3), as a page, each result read by `parseItem`; undefined when it is not that shape.
 */
export function parseResultsPage<T>(value: unknown, parseItem: (item: unknown) => T | undefined): Page<T> | undefined {
	if (!isRecord(value)) return undefined;
	const items = parseList(value.results, parseItem);
	if (items === undefined) return undefined;
	return pageOf(items, optionalString(pick(value, 'next_page_token', 'nextPageToken')));
}

/** Delete answers "a successful response" with an undocumented body; accept anything. */
export function acceptAnyBody(): true {
	return true;
}

/** `{message, code}` with `code` as a string or a number; `undefined` when either is missing. */
export function parseApiErrorBody(value: unknown): ApiErrorBody | undefined {
	if (!isRecord(value)) return undefined;
	const { message, code } = value;
	if (typeof message !== 'string') return undefined;
	if (typeof code === 'string') return { message, code };
	if (typeof code === 'number') return { message, code: String(code) };
	return undefined;
}

/** Longer than any media type in use; a longer header is not one. */
const MAX_MEDIA_TYPE_LENGTH = 100;

/** `type/subtype` of RFC 9110, lower case: letters, digits and `!#$&^_.+-` on both sides of one `/`. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * The media type of a `Content-Type` header (`text/html` of `text/html; charset=utf-8`), or
 * undefined when it is absent or not shaped like one. The header comes from whatever server the
 * base URL points at, so nothing else of it may reach a message.
 */
export function mediaType(header: unknown): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	const semicolon = value.indexOf(';');
	const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
	return type.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE.test(type) ? type : undefined;
}
