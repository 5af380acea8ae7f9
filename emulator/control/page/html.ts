/**
 * The page's HTML and CSS. Static: nothing from the emulator's state is written into it on the server;
 * the script (browser/, served by script.ts) fetches and renders everything as text. Every interactive element has a stable
 * `data-test-id` for browser tests (the list is in page.ts).
 */

export const PAGE_STYLE = `
:root { color-scheme: light dark; --muted: #6b7280; --ok: #15803d; --bad: #b91c1c; --line: #d1d5db; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 32px; }
header { border-bottom: 1px solid var(--line); margin-bottom: 8px; }
h1 { font-size: 20px; margin: 16px 0 4px; }
h2 { font-size: 16px; margin: 20px 0 6px; }
p.note, .muted { color: var(--muted); }
code { font: 12px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
td ul { margin: 0; padding-left: 16px; }
td.url { max-width: 360px; }
td.id { max-width: 160px; }
td.answer, span.answer { color: var(--muted); font: 12px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; white-space: pre-wrap; }
td.answer { max-width: 360px; }
.ok { color: var(--ok); }
.bad, .error { color: var(--bad); }
button { cursor: pointer; margin: 2px 4px 2px 0; padding: 4px 10px; }
button:disabled { cursor: progress; }
button code { color: var(--muted); }
form label { display: inline-block; margin: 2px 10px 2px 0; }
input[type=number] { width: 7em; }
#send-result-box { border-left: 3px solid var(--line); margin: 8px 0; min-height: 1.5em; padding: 2px 10px; }
#send-result-box ul { margin: 0; padding-left: 16px; }
`;

export function pageHtml(style: string, script: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>FullStory emulator</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>FullStory emulator</h1>
<p class="note">Local control page of the emulator (control API under <code>/__emulator/</code>). Default org
<code data-test-id="org-id"></code>. Updated <span data-test-id="last-refresh">never</span>.
<button type="button" data-test-id="refresh">Refresh</button>
<label><input type="checkbox" data-test-id="auto-refresh" checked> refresh every 3 s</label></p>
<p class="error" role="alert" data-test-id="page-error" hidden></p>
</header>
<main>
<section aria-labelledby="endpoints-title">
<h2 id="endpoints-title">Endpoints</h2>
<table data-test-id="endpoints-table">
<thead><tr><th>URL</th><th>Events</th><th>State</th><th>Org</th><th>Id</th><th></th></tr></thead>
<tbody data-test-id="endpoints-body"></tbody>
</table>
<p class="muted" data-test-id="endpoints-empty">No endpoints yet: create one with the FullStory node, or publish a workflow with the FullStory Trigger.</p>
</section>
<section aria-labelledby="send-title">
<h2 id="send-title">Send an event</h2>
<p class="note">A realistic payload, signed with each endpoint's secret, to the default org's enabled endpoints subscribed to it.
<em>test</em> is FullStory's "Test endpoint" event: it goes to every enabled endpoint of the default org, whatever it subscribes to.</p>
<div data-test-id="event-buttons"></div>
<div><button type="button" data-deliver data-test-id="deliver-test" data-event-name="test">Test endpoint <code>test</code></button></div>
<div id="send-result-box" aria-live="polite" data-test-id="send-result"></div>
</section>
<section aria-labelledby="faults-title">
<h2 id="faults-title">Faults</h2>
<p class="note">The next N calls to the public API (not to this page or <code>/__emulator/</code>) that match answer with the fault instead.</p>
<form data-test-id="fault-form">
<label>Fault <select data-test-id="fault-kind">
<option value="status500">500 server error</option>
<option value="status429">429 rate limited</option>
<option value="hang">hang, then answer</option>
<option value="drop">drop the connection (no effect)</option>
<option value="dropAfter">apply, then drop the connection</option>
</select></label>
<label>next <input type="number" min="1" step="1" value="1" data-test-id="fault-count"> call(s)</label>
<label>method <select data-test-id="fault-method">
<option value="">any</option>
<option value="GET">GET</option>
<option value="POST">POST</option>
<option value="DELETE">DELETE</option>
</select></label>
<label>path <input type="text" placeholder="any; or /webhooks/v1/*" data-test-id="fault-path"></label>
<label>Retry-After s (429) <input type="number" min="0" step="1" placeholder="1" data-test-id="fault-retry-after"></label>
<label>hang ms (hang) <input type="number" min="0" step="1" placeholder="60000" data-test-id="fault-hang-ms"></label>
<button type="submit" data-test-id="fault-add">Inject</button>
<button type="button" data-test-id="faults-clear">Clear faults</button>
</form>
<p aria-live="polite" data-test-id="fault-result"></p>
<table data-test-id="faults-table">
<thead><tr><th>Fault</th><th>Remaining</th><th>Method</th><th>Path</th></tr></thead>
<tbody data-test-id="faults-body"></tbody>
</table>
<p class="muted" data-test-id="faults-empty">No faults: every API call is answered normally.</p>
</section>
<section aria-labelledby="deliveries-title">
<h2 id="deliveries-title">Last deliveries</h2>
<p class="note">Every attempt, newest first (the last 50 seen by this page).
<button type="button" data-test-id="deliveries-clear">Clear the log</button>
<span aria-live="polite" data-test-id="deliveries-result"></span></p>
<table data-test-id="deliveries-table">
<thead><tr><th>Time</th><th>Event</th><th>Attempt</th><th>Endpoint URL</th><th>Answer</th><th>Receiver's answer (first bytes)</th></tr></thead>
<tbody data-test-id="deliveries-body"></tbody>
</table>
<p class="muted" data-test-id="deliveries-empty">No deliveries yet.</p>
</section>
<section aria-labelledby="users-title">
<h2 id="users-title">Users (v2)</h2>
<p class="note">What the default org holds: users made by <code>POST /v2/users</code> and by finished batch jobs.</p>
<table data-test-id="users-table">
<thead><tr><th>Id</th><th>Uid</th><th>Display name</th><th>Email</th><th>Properties</th><th>State</th></tr></thead>
<tbody data-test-id="users-body"></tbody>
</table>
<p class="muted" data-test-id="users-empty">No users yet.</p>
</section>
<section aria-labelledby="server-events-title">
<h2 id="server-events-title">Recent server events (v2)</h2>
<p class="note">The default org's newest events from <code>POST /v2/events</code> and finished batch jobs, newest first.</p>
<table data-test-id="server-events-table">
<thead><tr><th>Received</th><th>Name</th><th>User</th><th>Session</th><th>Source</th></tr></thead>
<tbody data-test-id="server-events-body"></tbody>
</table>
<p class="muted" data-test-id="server-events-empty">No events yet.</p>
</section>
<section aria-labelledby="jobs-title">
<h2 id="jobs-title">Batch import jobs</h2>
<table data-test-id="jobs-table">
<thead><tr><th>Id</th><th>Kind</th><th>Status</th><th>Requests</th><th>Created</th><th>Finished</th></tr></thead>
<tbody data-test-id="jobs-body"></tbody>
</table>
<p class="muted" data-test-id="jobs-empty">No batch jobs yet.</p>
</section>
</main>
<script>${script}</script>
</body>
</html>
`;
}
