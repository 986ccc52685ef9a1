// The production server: the SvelteKit app built by adapter-node, with the headers every response
// needs. adapter-node serves prerendered pages from disk without running hooks, so they are set here.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

// The public address, which the dashboard's form actions must come from (SvelteKit's origin check) and
// which decides whether cookies are `Secure`. adapter-node reads ORIGIN; it defaults to SITE_URL.
process.env.ORIGIN ??= process.env.SITE_URL ?? `http://localhost:${port}`;
const https = process.env.ORIGIN.startsWith('https:');

// Loaded by URL so that type-checking does not descend into the build output.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);

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

const server = createServer((req, res) => {
	secure(res, https || req.headers['x-forwarded-proto'] === 'https');
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	console.log(`Caravan is serving on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => server.close(() => process.exit(0)));
}
