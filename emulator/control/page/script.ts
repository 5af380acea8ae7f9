/**
 * The page's one script, plain browser JavaScript kept as a string (no build step, nothing to copy next
 * to the compiled file). It only talks to the control API under `/__emulator/`, with `fetch`.
 *
 * Two rules hold it safe: what it fetches is narrowed to what it shows at once (an endpoint's secret, a
 * delivery's headers and signature never reach its state), and it renders with `textContent` and
 * `setAttribute` only, never HTML strings, so URLs and receivers' answers are always shown as text.
 *
 * Its data functions are exported as `globalThis.fullstoryEmulatorPage` and do not need a DOM, so the
 * tests run the very same code in a `vm` context against a live emulator (test/emulator/page.test.ts).
 *
 * Written inside String.raw: no backticks and no dollar-brace in it.
 */
export const PAGE_SCRIPT = String.raw`
(function (root) {
	'use strict';

	var CONTROL = '/__emulator';
	var POLL_MS = 3000;
	var MAX_DELIVERY_ROWS = 50;
	/** How much of a receiver's answer the page shows. */
	var ANSWER_CHARS = 200;
	var TEST_EVENT = 'test';

	// ---- data: the control API, narrowed to what the page shows -----------------------------------

	async function call(method, path, body) {
		var init = { method: method, headers: { Accept: 'application/json' } };
		if (body !== undefined) {
			init.headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		var response = await root.fetch(CONTROL + path, init);
		var text = await response.text();
		var payload = null;
		try {
			payload = text === '' ? null : JSON.parse(text);
		} catch (error) {
			payload = null;
		}
		if (!response.ok) {
			var message = isObject(payload) && typeof payload.message === 'string' ? payload.message : clip(text, ANSWER_CHARS);
			throw new Error(method + ' ' + CONTROL + path + ' answered ' + response.status + ': ' + message);
		}
		return payload;
	}

	function isObject(value) {
		return typeof value === 'object' && value !== null && !Array.isArray(value);
	}

	function str(value) {
		return typeof value === 'string' ? value : '';
	}

	function list(value) {
		return Array.isArray(value) ? value.filter(isObject) : [];
	}

	function clip(value, max) {
		var text = str(value);
		return text.length > max ? text.slice(0, max) + '\u2026' : text;
	}

	/** An endpoint as the page keeps it: no secret. */
	function publicEndpoint(raw) {
		return {
			id: str(raw.id),
			url: str(raw.url),
			enabled: raw.enabled === true,
			orgId: str(raw.orgId),
			eventTypes: list(raw.eventTypes).map(function (ref) {
				var kept = { eventName: str(ref.eventName) };
				if (typeof ref.subcategory === 'string') kept.subcategory = ref.subcategory;
				return kept;
			}),
		};
	}

	/** One attempt of the delivery log as the page keeps it: no headers (the signature), no body. */
	function deliveryRow(raw) {
		var row = {
			seq: typeof raw.seq === 'number' ? raw.seq : 0,
			time: str(raw.time),
			eventName: str(raw.eventName),
			attempt: typeof raw.attempt === 'number' ? raw.attempt : 1,
			orgId: str(raw.orgId),
			endpointId: typeof raw.endpointId === 'string' ? raw.endpointId : null,
			url: str(raw.url),
			dropped: raw.dropped === true,
			answer: clip(raw.responseBody, ANSWER_CHARS),
		};
		if (typeof raw.status === 'number') row.status = raw.status;
		if (typeof raw.error === 'string') row.error = raw.error;
		return row;
	}

	/** A fault as the page lists it. */
	function publicFault(raw) {
		return {
			id: str(raw.id),
			kind: str(raw.kind),
			remaining: typeof raw.remaining === 'number' ? raw.remaining : 0,
			method: str(raw.method),
			path: str(raw.path),
		};
	}

	/** POST /deliver's answer, one line per copy sent to an endpoint: no signature, no body. */
	function answersOf(result) {
		var answers = [];
		list(isObject(result) ? result.deliveries : []).forEach(function (delivery) {
			var where = { endpointId: typeof delivery.endpointId === 'string' ? delivery.endpointId : null, url: str(delivery.url) };
			var attempts = list(delivery.attempts);
			if (attempts.length === 0) answers.push(Object.assign({ dropped: true, answer: '' }, where));
			attempts.forEach(function (attempt) {
				var answer = Object.assign({ dropped: false, answer: clip(attempt.responseBody, ANSWER_CHARS) }, where);
				if (typeof attempt.status === 'number') answer.status = attempt.status;
				if (typeof attempt.error === 'string') answer.error = attempt.error;
				answers.push(answer);
			});
		});
		return answers;
	}

	/** "200", "error: ...", "dropped": what a delivery got back. */
	function outcomeText(row) {
		if (row.dropped) return 'dropped';
		if (typeof row.status === 'number') return String(row.status);
		if (row.error) return 'error: ' + row.error;
		return 'no answer';
	}

	function wholeNumber(value, field) {
		var text = str(value).trim();
		if (text === '') return undefined;
		if (!/^\d+$/.test(text)) throw new Error(field + ' must be a whole number');
		return Number(text);
	}

	/** The fault form's fields (strings, as inputs give them) to POST /__emulator/faults's body. */
	function faultSpec(fields) {
		var spec = { kind: str(fields.kind) };
		var count = wholeNumber(fields.count, 'count');
		if (count !== undefined) spec.count = count;
		var method = str(fields.method).trim();
		if (method !== '') spec.method = method;
		var path = str(fields.path).trim();
		if (path !== '') spec.path = path;
		if (spec.kind === 'status429') {
			var retryAfterSeconds = wholeNumber(fields.retryAfterSeconds, 'Retry-After');
			if (retryAfterSeconds !== undefined) spec.retryAfterSeconds = retryAfterSeconds;
		}
		if (spec.kind === 'hang') {
			var hangMs = wholeNumber(fields.hangMs, 'hang ms');
			if (hangMs !== undefined) spec.hangMs = hangMs;
		}
		return spec;
	}

	// A subcategory is an opaque base64 protobuf naming the org and key/value pairs (emulator/subcategoryBlobs.ts);
	// the display name is the "Name" pair when there is one. Anything else: unknown, shown shortened.

	function base64Bytes(text) {
		var binary = root.atob(text);
		var bytes = new Uint8Array(binary.length);
		for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return bytes;
	}

	/** The length-delimited fields of a protobuf message; throws on anything else. */
	function protoFields(bytes) {
		var fields = [];
		var pos = 0;
		function varint() {
			var value = 0;
			var scale = 1;
			for (;;) {
				if (pos >= bytes.length || scale > 34359738368) throw new Error('bad varint');
				var byte = bytes[pos++];
				value += (byte & 127) * scale;
				if (byte < 128) return value;
				scale *= 128;
			}
		}
		while (pos < bytes.length) {
			var tag = varint();
			if (tag % 8 !== 2) throw new Error('not a length-delimited field');
			var length = varint();
			if (pos + length > bytes.length) throw new Error('field past the end');
			fields.push({ number: Math.floor(tag / 8), bytes: bytes.subarray(pos, pos + length) });
			pos += length;
		}
		return fields;
	}

	function utf8(bytes) {
		return new root.TextDecoder('utf-8').decode(bytes);
	}

	/** The subcategory's display name, or undefined when it cannot be known from the value. */
	function subcategoryName(blob) {
		try {
			var pairs = protoFields(base64Bytes(str(blob))).filter(function (field) {
				return field.number === 2;
			});
			for (var i = 0; i < pairs.length; i++) {
				var inner = protoFields(pairs[i].bytes);
				var key = inner.find(function (field) { return field.number === 1; });
				var value = inner.find(function (field) { return field.number === 3; });
				if (key !== undefined && value !== undefined && utf8(key.bytes) === 'Name') return utf8(value.bytes);
			}
		} catch (error) {
			return undefined;
		}
		return undefined;
	}

	/** "Metric Alert (metric.alert): Checkout Conversion Drop". */
	function eventLabel(ref, displayNames) {
		var eventName = str(ref.eventName);
		var displayName = displayNames && typeof displayNames[eventName] === 'string' ? displayNames[eventName] : '';
		var label = displayName === '' ? eventName : displayName + ' (' + eventName + ')';
		if (typeof ref.subcategory !== 'string') return label;
		var name = subcategoryName(ref.subcategory);
		return label + ': ' + (name === undefined ? 'subcategory ' + clip(ref.subcategory, 16) : name);
	}

	function displayNamesOf(catalog) {
		var names = {};
		list(isObject(catalog) ? catalog.eventDefs : []).forEach(function (def) {
			if (typeof def.eventName === 'string' && typeof def.displayName === 'string') names[def.eventName] = def.displayName;
		});
		return names;
	}

	/** Only answers that settled; one that failed (say, an endpoint deleted meanwhile) becomes an error line. */
	async function settledAnswers(targets, send) {
		var results = await Promise.allSettled(targets.map(send));
		var answers = [];
		results.forEach(function (result, index) {
			if (result.status === 'fulfilled') answers.push.apply(answers, result.value);
			else answers.push({ endpointId: targets[index].id, url: targets[index].url, dropped: false, answer: '', error: String(result.reason && result.reason.message || result.reason) });
		});
		return answers;
	}

	var api = {
		/** {orgId, eventDefs: [{eventName, displayName, hasSubcategories}]}; the default org without orgId. */
		catalog: async function (orgId) {
			var payload = await call('GET', '/catalog' + (orgId ? '?orgId=' + encodeURIComponent(orgId) : ''));
			return {
				orgId: str(isObject(payload) ? payload.orgId : ''),
				eventDefs: list(isObject(payload) ? payload.eventDefs : []).map(function (def) {
					return { eventName: str(def.eventName), displayName: str(def.displayName), hasSubcategories: def.hasSubcategories === true };
				}),
			};
		},
		/** Every org's endpoints, without their secrets. */
		endpoints: async function () {
			var payload = await call('GET', '/endpoints');
			return list(isObject(payload) ? payload.endpoints : []).map(publicEndpoint);
		},
		/** A realistic signed delivery of the event to the default org's enabled, subscribed endpoints. */
		deliver: async function (eventName) {
			return answersOf(await call('POST', '/deliver', { eventName: eventName }));
		},
		/** FullStory's "Test endpoint": the test event to this one endpoint, whatever it subscribes to. */
		testEndpoint: async function (endpoint) {
			return answersOf(
				await call('POST', '/deliver', { eventName: TEST_EVENT, orgId: endpoint.orgId, target: { endpointId: endpoint.id } }),
			);
		},
		/** The test event to every enabled endpoint of the org. */
		testAll: async function (endpoints, orgId) {
			var targets = endpoints.filter(function (endpoint) {
				return endpoint.enabled && endpoint.orgId === orgId;
			});
			return await settledAnswers(targets, api.testEndpoint);
		},
		faults: async function () {
			var payload = await call('GET', '/faults');
			return list(isObject(payload) ? payload.faults : []).map(publicFault);
		},
		/** Takes the form's fields; answers the new fault's id. */
		addFault: async function (fields) {
			var payload = await call('POST', '/faults', faultSpec(fields));
			return str(isObject(payload) ? payload.id : '');
		},
		clearFaults: async function () {
			await call('DELETE', '/faults');
		},
		/** Attempts logged after the given seq, oldest first. */
		deliveries: async function (since) {
			var payload = await call('GET', '/deliveries' + (since > 0 ? '?since=' + since : ''));
			return list(isObject(payload) ? payload.deliveries : []).map(deliveryRow);
		},
		clearDeliveries: async function () {
			await call('DELETE', '/deliveries');
		},
	};

	root.fullstoryEmulatorPage = Object.freeze({
		api: api,
		answersOf: answersOf,
		deliveryRow: deliveryRow,
		displayNamesOf: displayNamesOf,
		eventLabel: eventLabel,
		faultSpec: faultSpec,
		outcomeText: outcomeText,
		publicEndpoint: publicEndpoint,
		subcategoryName: subcategoryName,
	});

	// ---- view: DOM nodes built with textContent and setAttribute only -----------------------------

	function start(document) {
		var state = {
			orgId: '',
			displayNames: {},
			endpoints: [],
			since: 0,
			eventsKey: '',
			endpointsKey: '',
			faultsKey: '',
			polling: false,
			sending: false,
		};

		function byTestId(id) {
			return document.querySelector('[data-test-id="' + id + '"]');
		}

		/** No attribute that could run or load anything: every value is set as plain text. */
		function el(tag, attributes, children) {
			var node = document.createElement(tag);
			Object.keys(attributes || {}).forEach(function (name) {
				if (/^(on|href$|src|style$|action$|formaction$)/i.test(name)) throw new Error('attribute not allowed: ' + name);
				node.setAttribute(name, String(attributes[name]));
			});
			(children || []).forEach(function (child) {
				node.append(typeof child === 'string' ? document.createTextNode(child) : child);
			});
			return node;
		}

		function clear(node) {
			while (node.firstChild) node.removeChild(node.firstChild);
		}

		function showError(message) {
			var box = byTestId('page-error');
			box.textContent = message;
			box.hidden = message === '';
		}

		function localTime(iso) {
			var date = new Date(iso);
			return isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
		}

		function setSending(sending) {
			state.sending = sending;
			document.querySelectorAll('[data-deliver]').forEach(function (button) {
				button.disabled = sending;
			});
		}

		function renderAnswers(label, answers, error) {
			var box = byTestId('send-result');
			clear(box);
			box.append(el('p', { 'data-test-id': 'send-result-title' }, [label + ' (' + new Date().toLocaleTimeString() + ')']));
			if (error !== undefined) {
				box.append(el('p', { class: 'error', 'data-test-id': 'send-error' }, [error]));
				return;
			}
			if (answers.length === 0) {
				box.append(el('p', { 'data-test-id': 'send-none' }, ['No enabled endpoint of org ' + state.orgId + ' takes it: nothing was sent.']));
				return;
			}
			box.append(
				el('ul', {}, answers.map(function (answer) {
					var outcome = outcomeText(answer);
					return el(
						'li',
						{ 'data-test-id': 'send-answer', 'data-endpoint-id': answer.endpointId || '', 'data-status': typeof answer.status === 'number' ? answer.status : '' },
						[
							el('code', {}, [answer.url]),
							' \u2192 ',
							el('strong', { class: typeof answer.status === 'number' && answer.status < 300 ? 'ok' : 'bad' }, [outcome]),
							answer.answer === '' ? '' : el('span', { class: 'answer' }, [' ' + answer.answer]),
						],
					);
				})),
			);
		}

		async function send(label, action) {
			if (state.sending) return;
			setSending(true);
			byTestId('send-result').textContent = label + ': sending\u2026';
			try {
				renderAnswers(label, await action());
			} catch (error) {
				renderAnswers(label, [], String(error && error.message || error));
			} finally {
				setSending(false);
			}
			await refresh();
		}

		function renderEvents(defs) {
			var key = JSON.stringify(defs);
			if (key === state.eventsKey) return;
			state.eventsKey = key;
			var box = byTestId('event-buttons');
			clear(box);
			defs.forEach(function (def) {
				var button = el(
					'button',
					{ type: 'button', 'data-deliver': '', 'data-test-id': 'deliver-' + def.eventName, 'data-event-name': def.eventName },
					[def.displayName || def.eventName, ' ', el('code', {}, [def.eventName])],
				);
				button.disabled = state.sending;
				button.addEventListener('click', function () {
					send(def.eventName, function () {
						return api.deliver(def.eventName);
					});
				});
				box.append(button);
			});
		}

		function renderEndpoints(endpoints, displayNamesByOrg) {
			var key = JSON.stringify([endpoints, displayNamesByOrg]);
			if (key === state.endpointsKey) return;
			state.endpointsKey = key;
			var body = byTestId('endpoints-body');
			clear(body);
			byTestId('endpoints-empty').hidden = endpoints.length > 0;
			endpoints.forEach(function (endpoint) {
				var names = displayNamesByOrg[endpoint.orgId] || {};
				var test = el(
					'button',
					{ type: 'button', 'data-deliver': '', 'data-test-id': 'test-endpoint', 'data-endpoint-id': endpoint.id },
					['Test'],
				);
				test.disabled = state.sending;
				test.addEventListener('click', function () {
					send('test \u2192 ' + endpoint.url, function () {
						return api.testEndpoint(endpoint);
					});
				});
				body.append(
					el('tr', { 'data-test-id': 'endpoint-row', 'data-endpoint-id': endpoint.id, 'data-enabled': endpoint.enabled }, [
						el('td', { class: 'url' }, [el('code', {}, [endpoint.url])]),
						el('td', {}, [el('ul', {}, endpoint.eventTypes.map(function (ref) {
							return el('li', { 'data-test-id': 'endpoint-event' }, [eventLabel(ref, names)]);
						}))]),
						el('td', {}, [el('span', { class: endpoint.enabled ? 'ok' : 'bad', 'data-test-id': 'endpoint-state' }, [endpoint.enabled ? 'enabled' : 'disabled'])]),
						el('td', {}, [el('code', {}, [endpoint.orgId])]),
						el('td', { class: 'id' }, [el('code', {}, [endpoint.id])]),
						el('td', {}, [test]),
					]),
				);
			});
		}

		/** A fault kind in the words of the form's own list ("500 server error"), so the two always agree. */
		function faultLabel(kind) {
			var options = byTestId('fault-kind').options;
			for (var i = 0; i < options.length; i++) if (options[i].value === kind) return options[i].textContent;
			return str(kind);
		}

		function renderFaults(faults) {
			var key = JSON.stringify(faults);
			if (key === state.faultsKey) return;
			state.faultsKey = key;
			var body = byTestId('faults-body');
			clear(body);
			byTestId('faults-empty').hidden = faults.length > 0;
			faults.forEach(function (fault) {
				body.append(
					el('tr', { 'data-test-id': 'fault-row', 'data-fault-id': fault.id, 'data-kind': fault.kind }, [
						el('td', {}, [faultLabel(fault.kind)]),
						el('td', {}, [String(fault.remaining)]),
						el('td', {}, [fault.method || 'any']),
						el('td', {}, [el('code', {}, [fault.path || 'any API path'])]),
					]),
				);
			});
		}

		function addDeliveries(rows) {
			var body = byTestId('deliveries-body');
			rows.forEach(function (row) {
				state.since = Math.max(state.since, row.seq);
			});
			rows.slice(-MAX_DELIVERY_ROWS).forEach(function (row) {
				var failed = row.dropped || typeof row.status !== 'number' || row.status >= 300;
				body.insertBefore(
					el('tr', { 'data-test-id': 'delivery-row', 'data-seq': row.seq, 'data-status': typeof row.status === 'number' ? row.status : '' }, [
						el('td', { title: row.time }, [localTime(row.time)]),
						el('td', {}, [el('code', {}, [row.eventName])]),
						el('td', {}, [String(row.attempt)]),
						el('td', { class: 'url' }, [el('code', {}, [row.url])]),
						el('td', {}, [el('strong', { class: failed ? 'bad' : 'ok' }, [outcomeText(row)])]),
						el('td', { class: 'answer' }, [row.answer]),
					]),
					body.firstChild,
				);
			});
			while (body.childNodes.length > MAX_DELIVERY_ROWS) body.removeChild(body.lastChild);
			byTestId('deliveries-empty').hidden = body.childNodes.length > 0;
		}

		async function refresh() {
			if (state.polling) return;
			state.polling = true;
			try {
				var catalog = await api.catalog();
				state.orgId = catalog.orgId;
				byTestId('org-id').textContent = catalog.orgId;
				renderEvents(catalog.eventDefs);
				var endpoints = await api.endpoints();
				state.endpoints = endpoints;
				var displayNamesByOrg = {};
				displayNamesByOrg[catalog.orgId] = displayNamesOf(catalog);
				var otherOrgs = endpoints
					.map(function (endpoint) { return endpoint.orgId; })
					.filter(function (orgId, index, all) { return orgId !== catalog.orgId && all.indexOf(orgId) === index; });
				for (var i = 0; i < otherOrgs.length; i++) displayNamesByOrg[otherOrgs[i]] = displayNamesOf(await api.catalog(otherOrgs[i]));
				renderEndpoints(endpoints, displayNamesByOrg);
				renderFaults(await api.faults());
				addDeliveries(await api.deliveries(state.since));
				byTestId('last-refresh').textContent = new Date().toLocaleTimeString();
				showError('');
			} catch (error) {
				showError('Cannot read the emulator: ' + String(error && error.message || error));
			} finally {
				state.polling = false;
			}
		}

		function formFields() {
			var value = function (id) {
				return byTestId(id).value;
			};
			return {
				kind: value('fault-kind'),
				count: value('fault-count'),
				method: value('fault-method'),
				path: value('fault-path'),
				retryAfterSeconds: value('fault-retry-after'),
				hangMs: value('fault-hang-ms'),
			};
		}

		async function run(resultId, action) {
			var box = byTestId(resultId);
			box.classList.remove('error');
			try {
				box.textContent = await action();
			} catch (error) {
				box.classList.add('error');
				box.textContent = String(error && error.message || error);
			}
			await refresh();
		}

		byTestId('deliver-test').addEventListener('click', function () {
			send('test \u2192 every enabled endpoint of org ' + state.orgId, function () {
				return api.testAll(state.endpoints, state.orgId);
			});
		});
		byTestId('fault-form').addEventListener('submit', function (event) {
			event.preventDefault();
			run('fault-result', async function () {
				var fields = formFields();
				var id = await api.addFault(fields);
				return 'Injected ' + id + ': the next ' + (fields.count.trim() || '1') + ' matching API call(s) get ' + fields.kind + '.';
			});
		});
		byTestId('faults-clear').addEventListener('click', function () {
			run('fault-result', async function () {
				await api.clearFaults();
				return 'Faults cleared.';
			});
		});
		byTestId('deliveries-clear').addEventListener('click', function () {
			run('deliveries-result', async function () {
				await api.clearDeliveries();
				clear(byTestId('deliveries-body'));
				byTestId('deliveries-empty').hidden = false;
				return 'Delivery log cleared.';
			});
		});
		byTestId('refresh').addEventListener('click', function () {
			refresh();
		});
		root.setInterval(function () {
			if (byTestId('auto-refresh').checked && !document.hidden) refresh();
		}, POLL_MS);
		refresh();
	}

	if (root.document) start(root.document);
})(globalThis);
`;
