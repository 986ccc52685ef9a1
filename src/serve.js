// The production server: the SvelteKit app built by adapter-node, with the headers every response
// needs. adapter-node serves prerendered pages from disk without running hooks, so they are set here.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

// The public address, which the dashboard's form actions must come from (SvelteKit's origin check) and
// which decides whether cookies are `Secure`. adapter-node reads ORIGIN; it defaults to SITE_URL.
process.env.ORIGIN ??= process.env.SITE_URL ?? `http://localhost:${port}`;
const https = process.env.ORIGIN.startsWith('https:');

// Behind a reverse proxy. adapter-node reads the same variables: ADDRESS_HEADER (and XFF_DEPTH) for
// the client's address, PROTOCOL_HEADER for the scheme. These headers are trusted only when set, since
// a client reaching Node directly could send any of them.
const addressHeader = (process.env.ADDRESS_HEADER ?? '').toLowerCase();
const xffDepth = Number.parseInt(process.env.XFF_DEPTH ?? '1', 10);
const protocolHeader = (process.env.PROTOCOL_HEADER ?? '').toLowerCase();
if (addressHeader === 'x-forwarded-for' && !(xffDepth >= 1)) {
	throw new Error(`Configuration: XFF_DEPTH must be a whole number of 1 or more, got "${process.env.XFF_DEPTH}"`);
}

/**
 * Why a request cannot be served as configured, or undefined. With ADDRESS_HEADER set, every request
 * must come through the proxy that sets it; adapter-node would throw (a 500) when the address is read.
 * @param {import('node:http').IncomingMessage} req
 */
function notFromProxy(req) {
	if (!addressHeader) return undefined;
	const value = req.headers[addressHeader];
	const name = process.env.ADDRESS_HEADER;
	if (value === undefined) {
		return `Bad request: the ${name} header is missing. This server takes the client's address from it (ADDRESS_HEADER), so requests must come through the proxy that sets it.\n`;
	}
	if (addressHeader === 'x-forwarded-for' && String(value).split(',').length < xffDepth) {
		return `Bad request: XFF_DEPTH is ${xffDepth}, but the ${name} header holds fewer addresses than that.\n`;
	}
	return undefined;
}

/**
 * Whether the browser reached us over https: what the proxy says when PROTOCOL_HEADER names its
 * header, otherwise the public address's scheme.
 * @param {import('node:http').IncomingMessage} req
 */
function overHttps(req) {
	return protocolHeader ? req.headers[protocolHeader] === 'https' : https;
}

// Loaded by URL so that type-checking does not descend into the build output.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);

// Visits are counted here, where every response passes, prerendered or not (src/lib/server/stats/).
// The counter is TypeScript, loaded through tsx (a dependency the scheduler runs on too).
const { tsImport } = await import('tsx/esm/api');
/** @type {{ observe(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void; flush(): number; close(): void } | undefined} */
const counter = await (await tsImport('./lib/server/stats/live.ts', import.meta.url)).configuredCounter();

/** @param {import('node:http').ServerResponse} res @param {boolean} https */
function secure(res, https) {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	// Pages carry their own CSP as a meta tag; frame-ancestors only works as a header.
	res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'self'");
	if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

// Prerendered files go out with the type their extension suggests (.xml: text/xml), not the one their
// route answered with. The Atom feeds (src/routes/[locale]/feed.xml) say what they are; the static file
// server keeps a content type already set on the response. deploy/nginx.conf does the same for nginx.
const feed = /^\/[a-z]{2}\/feed\.xml$/;

/** @param {import('node:http').IncomingMessage} req */
function contentType(req) {
	const path = (req.url ?? '').split('?')[0];
	return feed.test(path ?? '') ? 'application/atom+xml; charset=utf-8' : undefined;
}

const server = createServer((req, res) => {
	secure(res, overHttps(req));
	const type = contentType(req);
	if (type) res.setHeader('content-type', type);
	const problem = notFromProxy(req);
	if (problem) {
		res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
		res.end(problem);
		return;
	}
	counter?.observe(req, res);
	handler(req, res, () => {
		res.removeHeader('content-type');
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	// The port actually bound: PORT=0 lets the system pick a free one (the tests' servers do).
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	console.log(`Caravan is serving on http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		// Counts written now, and once more for the responses still finishing.
		counter?.flush();
		server.close(() => {
			counter?.close();
			process.exit(0);
		});
	});
}
