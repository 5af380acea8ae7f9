/**
 * Opaque subcategory values. Real ones are base64 of a serialized protobuf that names the org and a few
 * key/value pairs (docs/fullstory-api.md §2.2). We build bytes of the same kind, deterministically, so
 * fixtures are stable across runs yet look like what clients will meet: long, opaque, with `+ / =`.
 */

function varint(value: number): Buffer {
	const bytes: number[] = [];
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest % 0x80) | 0x80);
		rest = Math.floor(rest / 0x80);
	}
	bytes.push(rest);
	return Buffer.from(bytes);
}

/** A length-delimited protobuf field (wire type 2). */
function field(fieldNumber: number, payload: Buffer): Buffer {
	return Buffer.concat([varint(fieldNumber * 8 + 2), varint(payload.length), payload]);
}

function text(fieldNumber: number, value: string): Buffer {
	return field(fieldNumber, Buffer.from(value, 'utf8'));
}

export function subcategoryBlob(orgId: string, pairs: Array<[string, string]>): string {
	const parts = [field(1, text(4, orgId))];
	for (const [key, value] of pairs) parts.push(field(2, Buffer.concat([text(1, key), text(3, value)])));
	return Buffer.concat(parts).toString('base64');
}
