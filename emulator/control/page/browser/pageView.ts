/**
 * The page's view half: renders what pageData.ts reads into the static HTML (../html.ts), wires its
 * buttons and the fault form, and refreshes every 3 s. It builds DOM nodes with `textContent` and
 * `setAttribute` only, never from HTML strings, so URLs and receivers' answers are always shown as text.
 * Every element it looks up or makes carries the `data-test-id` listed in ../page.ts.
 *
 * Served as text like pageData.ts (see ../script.ts): self-contained, its parameters and the browser's
 * globals only, types from other modules.
 */
/// <reference lib="dom" />
import type { FaultFields, PageAnswer, PageCatalog, PageDeliveryRow, PageEndpoint, PageEvent, PageFault, PageJob, PageModule, PageRoot, PageUser } from './types';
import type { EventTypeDef } from '../../../api/types';

/* istanbul ignore file: coverage counters inside the function would be served with it and fail in the browser
   (here, not at the top: a comment over type-only imports compiles away with them). */
export function pageView(root: PageRoot, document: Document, page: PageModule): void {
	const POLL_MS = 3000;
	const MAX_DELIVERY_ROWS = 50;
	/** How many of the org's newest v2 events the page shows. */
	const RECENT_EVENTS = 50;
	const { api, displayNamesOf, errorText, eventLabel, outcomeText } = page;

	interface ViewState {
		orgId: string;
		endpoints: PageEndpoint[];
		/** The newest delivery log seq shown. */
		since: number;
		/** What was last rendered, as JSON, so an unchanged refresh leaves the DOM (and a hovered button) alone. */
		eventsKey: string;
		endpointsKey: string;
		faultsKey: string;
		usersKey: string;
		serverEventsKey: string;
		jobsKey: string;
		polling: boolean;
		sending: boolean;
	}

	const state: ViewState = {
		orgId: '',
		endpoints: [],
		since: 0,
		eventsKey: '',
		endpointsKey: '',
		faultsKey: '',
		usersKey: '',
		serverEventsKey: '',
		jobsKey: '',
		polling: false,
		sending: false,
	};

	/** The element with this `data-test-id`, checked to be what the code uses it as. */
	function byTestId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
		const selector = '[data-test-id="' + id + '"]';
		const node = document.querySelector(selector);
		if (!(node instanceof type)) throw new Error('the page has no ' + type.name + ' ' + selector);
		return node;
	}

	type Attributes = Record<string, string | number | boolean>;

	/** No attribute that could run or load anything: every value is set as plain text. */
	function el<K extends keyof HTMLElementTagNameMap>(
		tag: K,
		attributes: Attributes = {},
		children: Array<Node | string> = [],
	): HTMLElementTagNameMap[K] {
		const node = document.createElement(tag);
		for (const name of Object.keys(attributes)) {
			if (/^(on|href$|src|style$|action$|formaction$)/i.test(name)) throw new Error('attribute not allowed: ' + name);
			node.setAttribute(name, String(attributes[name]));
		}
		for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
		return node;
	}

	function clear(node: Node): void {
		while (node.firstChild) node.removeChild(node.firstChild);
	}

	/** False when `value` is what `slot` last rendered; else remembers it. Keeps a hovered button in place across polls. */
	function changed(slot: 'eventsKey' | 'endpointsKey' | 'faultsKey' | 'usersKey' | 'serverEventsKey' | 'jobsKey', value: unknown): boolean {
		const key = JSON.stringify(value);
		if (key === state[slot]) return false;
		state[slot] = key;
		return true;
	}

	/** A table's rows replaced, and its "none" line shown when there are none. */
	function showRows(bodyId: string, emptyId: string, rows: HTMLElement[]): void {
		const body = byTestId(bodyId, HTMLElement);
		clear(body);
		byTestId(emptyId, HTMLElement).hidden = rows.length > 0;
		body.append(...rows);
	}

	function showError(message: string): void {
		const box = byTestId('page-error', HTMLElement);
		box.textContent = message;
		box.hidden = message === '';
	}

	function localTime(iso: string): string {
		const date = new Date(iso);
		return isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
	}

	function setSending(sending: boolean): void {
		state.sending = sending;
		document.querySelectorAll('[data-deliver]').forEach((button) => {
			if (button instanceof HTMLButtonElement) button.disabled = sending;
		});
	}

	function statusAttribute(answer: PageAnswer): number | '' {
		return typeof answer.status === 'number' ? answer.status : '';
	}

	function renderAnswers(label: string, answers: PageAnswer[], error?: string): void {
		const box = byTestId('send-result', HTMLElement);
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
			el(
				'ul',
				{},
				answers.map((answer) =>
					el('li', { 'data-test-id': 'send-answer', 'data-endpoint-id': answer.endpointId || '', 'data-status': statusAttribute(answer) }, [
						el('code', {}, [answer.url]),
						' \u2192 ',
						el('strong', { class: typeof answer.status === 'number' && answer.status < 300 ? 'ok' : 'bad' }, [outcomeText(answer)]),
						answer.answer === '' ? '' : el('span', { class: 'answer' }, [' ' + answer.answer]),
					]),
				),
			),
		);
	}

	async function send(label: string, action: () => Promise<PageAnswer[]>): Promise<void> {
		if (state.sending) return;
		// Before the first await: a second click meanwhile finds every send button disabled.
		setSending(true);
		byTestId('send-result', HTMLElement).textContent = label + ': sending\u2026';
		try {
			renderAnswers(label, await action());
		} catch (error) {
			renderAnswers(label, [], errorText(error));
		} finally {
			setSending(false);
		}
		await refresh();
	}

	function renderEvents(defs: EventTypeDef[]): void {
		if (!changed('eventsKey', defs)) return;
		const box = byTestId('event-buttons', HTMLElement);
		clear(box);
		for (const def of defs) {
			const button = el(
				'button',
				{ type: 'button', 'data-deliver': '', 'data-test-id': 'deliver-' + def.eventName, 'data-event-name': def.eventName },
				[def.displayName || def.eventName, ' ', el('code', {}, [def.eventName])],
			);
			button.disabled = state.sending;
			button.addEventListener('click', () => void send(def.eventName, async () => await api.deliver(def.eventName)));
			box.append(button);
		}
	}

	function endpointRow(endpoint: PageEndpoint, names: Record<string, string>): HTMLTableRowElement {
		const test = el(
			'button',
			{ type: 'button', 'data-deliver': '', 'data-test-id': 'test-endpoint', 'data-endpoint-id': endpoint.id },
			['Test'],
		);
		test.disabled = state.sending;
		test.addEventListener('click', () => void send('test \u2192 ' + endpoint.url, async () => await api.testEndpoint(endpoint)));
		const events = endpoint.eventTypes.map((ref) => el('li', { 'data-test-id': 'endpoint-event' }, [eventLabel(ref, names)]));
		return el('tr', { 'data-test-id': 'endpoint-row', 'data-endpoint-id': endpoint.id, 'data-enabled': endpoint.enabled }, [
			el('td', { class: 'url' }, [el('code', {}, [endpoint.url])]),
			el('td', {}, [el('ul', {}, events)]),
			el('td', {}, [
				el('span', { class: endpoint.enabled ? 'ok' : 'bad', 'data-test-id': 'endpoint-state' }, [endpoint.enabled ? 'enabled' : 'disabled']),
			]),
			el('td', {}, [el('code', {}, [endpoint.orgId])]),
			el('td', { class: 'id' }, [el('code', {}, [endpoint.id])]),
			el('td', {}, [test]),
		]);
	}

	function renderEndpoints(endpoints: PageEndpoint[], displayNamesByOrg: Record<string, Record<string, string>>): void {
		if (!changed('endpointsKey', [endpoints, displayNamesByOrg])) return;
		const rows = endpoints.map((endpoint) => endpointRow(endpoint, displayNamesByOrg[endpoint.orgId] || {}));
		showRows('endpoints-body', 'endpoints-empty', rows);
	}

	/** A fault kind in the words of the form's own list ("500 server error"), so the two always agree. */
	function faultLabel(kind: string): string {
		for (const option of Array.from(byTestId('fault-kind', HTMLSelectElement).options)) {
			if (option.value === kind) return option.textContent ?? kind;
		}
		return kind;
	}

	function faultRow(fault: PageFault): HTMLTableRowElement {
		return el('tr', { 'data-test-id': 'fault-row', 'data-fault-id': fault.id, 'data-kind': fault.kind }, [
			el('td', {}, [faultLabel(fault.kind)]),
			el('td', {}, [String(fault.remaining)]),
			el('td', {}, [fault.method || 'any']),
			el('td', {}, [el('code', {}, [fault.path || 'any API path'])]),
		]);
	}

	function renderFaults(faults: PageFault[]): void {
		if (changed('faultsKey', faults)) showRows('faults-body', 'faults-empty', faults.map(faultRow));
	}

	function deliveryRow(row: PageDeliveryRow): HTMLTableRowElement {
		const failed = row.dropped || typeof row.status !== 'number' || row.status >= 300;
		return el('tr', { 'data-test-id': 'delivery-row', 'data-seq': row.seq, 'data-status': statusAttribute(row) }, [
			el('td', { title: row.time }, [localTime(row.time)]),
			el('td', {}, [el('code', {}, [row.eventName])]),
			el('td', {}, [String(row.attempt)]),
			el('td', { class: 'url' }, [el('code', {}, [row.url])]),
			el('td', {}, [el('strong', { class: failed ? 'bad' : 'ok' }, [outcomeText(row)])]),
			el('td', { class: 'answer' }, [row.answer]),
		]);
	}

	/** Newest first, at most MAX_DELIVERY_ROWS. */
	function addDeliveries(rows: PageDeliveryRow[]): void {
		const body = byTestId('deliveries-body', HTMLElement);
		for (const row of rows) state.since = Math.max(state.since, row.seq);
		for (const row of rows.slice(-MAX_DELIVERY_ROWS)) body.insertBefore(deliveryRow(row), body.firstChild);
		while (body.childNodes.length > MAX_DELIVERY_ROWS && body.lastChild) body.removeChild(body.lastChild);
		byTestId('deliveries-empty', HTMLElement).hidden = body.childNodes.length > 0;
	}

	function userRow(user: PageUser): HTMLTableRowElement {
		return el('tr', { 'data-test-id': 'user-row', 'data-user-id': user.id, 'data-being-deleted': user.beingDeleted }, [
			el('td', { class: 'id' }, [el('code', {}, [user.id])]),
			el('td', {}, [user.uid === '' ? el('span', { class: 'muted' }, ['anonymous']) : el('code', {}, [user.uid])]),
			el('td', {}, [user.displayName]),
			el('td', {}, [user.email]),
			el('td', {}, [String(user.propertyCount)]),
			el('td', {}, [el('span', { class: user.beingDeleted ? 'bad' : 'ok', 'data-test-id': 'user-state' }, [user.beingDeleted ? 'being deleted' : 'active'])]),
		]);
	}

	/** Newest first. */
	function serverEventRow(event: PageEvent): HTMLTableRowElement {
		return el('tr', { 'data-test-id': 'server-event-row', 'data-seq': event.seq, 'data-event-name': event.name }, [
			el('td', { title: event.received }, [localTime(event.received)]),
			el('td', {}, [el('code', {}, [event.name])]),
			el('td', {}, [event.user]),
			el('td', {}, [event.session]),
			el('td', {}, [event.jobId === '' ? event.source : event.source + ' ' + event.jobId]),
		]);
	}

	function jobRow(job: PageJob): HTMLTableRowElement {
		const failed = job.status === 'FAILED' || job.errors > 0;
		return el('tr', { 'data-test-id': 'job-row', 'data-job-id': job.id, 'data-status': job.status }, [
			el('td', { class: 'id' }, [el('code', {}, [job.id])]),
			el('td', {}, [job.kind]),
			el('td', {}, [el('strong', { class: failed ? 'bad' : job.status === 'COMPLETED' ? 'ok' : '', 'data-test-id': 'job-status' }, [job.status])]),
			el('td', { 'data-test-id': 'job-counts' }, [job.requestCount + ' sent, ' + job.imports + ' imported, ' + job.errors + ' failed']),
			el('td', { title: job.created }, [localTime(job.created)]),
			el('td', { title: job.finished }, [job.finished === '' ? '' : localTime(job.finished)]),
		]);
	}

	/** The default org's v2 data: users, newest events, batch jobs. */
	async function renderServerData(orgId: string): Promise<void> {
		const users = await api.users(orgId);
		if (changed('usersKey', users)) showRows('users-body', 'users-empty', users.map(userRow));
		const events = await api.events(orgId, RECENT_EVENTS);
		if (changed('serverEventsKey', events)) showRows('server-events-body', 'server-events-empty', events.slice().reverse().map(serverEventRow));
		const jobs = await api.jobs(orgId);
		if (changed('jobsKey', jobs)) showRows('jobs-body', 'jobs-empty', jobs.map(jobRow));
	}

	/** Display names per org: the default org's from its catalog, then each other org an endpoint belongs to. */
	async function displayNamesByOrg(catalog: PageCatalog, endpoints: PageEndpoint[]): Promise<Record<string, Record<string, string>>> {
		const names: Record<string, Record<string, string>> = {};
		names[catalog.orgId] = displayNamesOf(catalog);
		const otherOrgs = endpoints
			.map((endpoint) => endpoint.orgId)
			.filter((orgId, index, all) => orgId !== catalog.orgId && all.indexOf(orgId) === index);
		for (const orgId of otherOrgs) names[orgId] = displayNamesOf(await api.catalog(orgId));
		return names;
	}

	async function refresh(): Promise<void> {
		if (state.polling) return;
		state.polling = true;
		try {
			const catalog = await api.catalog();
			state.orgId = catalog.orgId;
			byTestId('org-id', HTMLElement).textContent = catalog.orgId;
			renderEvents(catalog.eventDefs);
			const endpoints = await api.endpoints();
			state.endpoints = endpoints;
			renderEndpoints(endpoints, await displayNamesByOrg(catalog, endpoints));
			renderFaults(await api.faults());
			addDeliveries(await api.deliveries(state.since));
			await renderServerData(catalog.orgId);
			byTestId('last-refresh', HTMLElement).textContent = new Date().toLocaleTimeString();
			showError('');
		} catch (error) {
			showError('Cannot read the emulator: ' + errorText(error));
		} finally {
			state.polling = false;
		}
	}

	/** An input's or a select's value. */
	function valueOf(id: string): string {
		const node = byTestId(id, HTMLElement);
		if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement) return node.value;
		throw new Error(id + ' is not a form field');
	}

	function formFields(): Required<FaultFields> {
		return {
			kind: valueOf('fault-kind'),
			count: valueOf('fault-count'),
			method: valueOf('fault-method'),
			path: valueOf('fault-path'),
			retryAfterSeconds: valueOf('fault-retry-after'),
			hangMs: valueOf('fault-hang-ms'),
		};
	}

	/** Runs a form action, shows what it says (or why it failed) in `resultId`, then refreshes. */
	async function run(resultId: string, action: () => Promise<string>): Promise<void> {
		const box = byTestId(resultId, HTMLElement);
		box.classList.remove('error');
		try {
			box.textContent = await action();
		} catch (error) {
			box.classList.add('error');
			box.textContent = errorText(error);
		}
		await refresh();
	}

	byTestId('deliver-test', HTMLButtonElement).addEventListener(
		'click',
		() => void send('test \u2192 every enabled endpoint of org ' + state.orgId, async () => await api.testAll(state.endpoints, state.orgId)),
	);
	byTestId('fault-form', HTMLFormElement).addEventListener('submit', (event) => {
		event.preventDefault();
		void run('fault-result', async () => {
			const fields = formFields();
			const id = await api.addFault(fields);
			return 'Injected ' + id + ': the next ' + (fields.count.trim() || '1') + ' matching API call(s) get ' + fields.kind + '.';
		});
	});
	byTestId('faults-clear', HTMLButtonElement).addEventListener(
		'click',
		() =>
			void run('fault-result', async () => {
				await api.clearFaults();
				return 'Faults cleared.';
			}),
	);
	byTestId('deliveries-clear', HTMLButtonElement).addEventListener(
		'click',
		() =>
			void run('deliveries-result', async () => {
				await api.clearDeliveries();
				clear(byTestId('deliveries-body', HTMLElement));
				byTestId('deliveries-empty', HTMLElement).hidden = false;
				return 'Delivery log cleared.';
			}),
	);
	byTestId('refresh', HTMLButtonElement).addEventListener('click', () => void refresh());
	const autoRefresh = byTestId('auto-refresh', HTMLInputElement);
	root.setInterval(() => {
		if (autoRefresh.checked && !document.hidden) void refresh();
	}, POLL_MS);
	void refresh();
}
