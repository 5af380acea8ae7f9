/**
 * FullStory delivers from the internet, so an endpoint at a loopback, private or single-label
 * address can never receive anything. Registering one would make activation look successful
 * while no event ever arrives; we refuse it instead, unless the credential points at a custom
 * base URL (a proxy, a test stack or the emulator, which can reach such addresses).
 */

/** Loopback, private (RFC 1918), shared (RFC 6598), link-local and "this network" ranges. */
function isPrivateIpv4(host: string): boolean {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return false;
	const [a, b] = [Number(match[1]), Number(match[2])];
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

function isPrivateIpv6(host: string): boolean {
	if (!host.startsWith('[')) return false;
	const address = host.slice(1, -1).toLowerCase();
	return (
		address === '::1' ||
		address === '::' ||
		address.startsWith('fc') ||
		address.startsWith('fd') ||
		address.startsWith('fe80') ||
		address.startsWith('::ffff:127.') ||
		address.startsWith('::ffff:10.') ||
		address.startsWith('::ffff:192.168.')
	);
}

/** Why FullStory could not reach `url`, or undefined when it looks reachable. */
export function unreachableReason(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'it is not a valid URL';
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'it is not an http(s) URL';
	const host = parsed.hostname.toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return 'it points at localhost';
	if (isPrivateIpv4(host) || isPrivateIpv6(host)) return 'it points at a loopback or private network address';
	if (!host.includes('.') && !host.startsWith('[')) return 'its host name has no domain, so it only resolves inside your network';
	if (host.endsWith('.local') || host.endsWith('.internal')) return 'its host name only resolves inside your network';
	return undefined;
}

export const PUBLIC_URL_HELP =
	"Set N8N_WEBHOOK_URL (formerly WEBHOOK_URL) to this n8n's public HTTPS address, for example https://n8n.example.com/, and restart n8n. To try it from your own machine, expose n8n with a tunnel such as ngrok or cloudflared and use the tunnel's address.";
