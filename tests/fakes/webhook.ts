/**
 * A fake webhook receiver: a real HTTP server on 127.0.0.1 that accepts Caravan's webhook POST (see
 * scheduler/channels/webhook.ts), checks its signature and timestamp the way a receiver should, records
 * every request, and answers as each test scripts it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WebhookBehaviour =
	/** 200 with `{ id, url }`, or with the given body (a string is sent as is, `null` sends 204 No Content). */
	| { kind: 'ok'; body?: unknown }
	/** 429 with this Retry-After header (seconds or an HTTP date), or none. */
	| { kind: 'rate-limited'; retryAfter?: string }
	| { kind: 'server-error'; status?: number }
	/** Never answer. */
	| { kind: 'hang' }
	/** Take the post, then close the connection without an answer (the answer is lost on the way). */
	| { kind: 'drop' }
	/** 422 with `{ error: reason }`: the receiver refuses the content. */
	| { kind: 'rejected'; reason: string }
	| { kind: 'redirect'; location: string }
	/** 400 quoting the request line and the Basic authentication user, as a careless receiver might. */
	| { kind: 'echo' };

export interface WebhookRequest {
	method: string;
	path: string;
	/** The query string, with its `?`, or ''. */
	query: string;
	headers: IncomingHttpHeaders;
	raw: Buffer;
	/** The signature matched the secret and the timestamp was fresh. */
	verified: boolean;
	/** The parsed `post` field. */
	post?: Record<string, unknown>;
	files: { field: string; filename: string; type: string; size: number; bytes: Buffer }[];
}

export interface FakeWebhook {
	/** The URL to configure as WEBHOOK_URL. */
	url: string;
	requests: WebhookRequest[];
	/** The most requests that were ever being answered at the same time. */
	maxInFlight(): number;
	/** Script the answer to the next request (requests beyond the script succeed). */
	next(behaviour: WebhookBehaviour): void;
	/** Stops the server and drops hanging connections; safe to call twice. */
	close(): Promise<void>;
}

const path = '/hooks/caravan';
/** How far the signed timestamp may be from the receiver's clock, as a receiver would check. */
const toleranceSeconds = 300;

function verify(secret: string, headers: IncomingHttpHeaders, raw: Buffer): { ok: true } | { ok: false; reason: string } {
	const timestamp = headers['x-caravan-timestamp'];
	const signature = headers['x-caravan-signature'];
	if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'missing signature headers' };
	const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`);
	const given = Buffer.from(signature);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
	if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'timestamp too old or in the future' };
	return { ok: true };
}

async function parse(headers: IncomingHttpHeaders, raw: Buffer): Promise<Pick<WebhookRequest, 'post' | 'files'>> {
	const form = await new Request('http://fake/', {
		method: 'POST',
		headers: { 'content-type': headers['content-type'] ?? '' },
		body: new Uint8Array(raw)
	}).formData();
	const files: WebhookRequest['files'] = [];
	let post: Record<string, unknown> | undefined;
	for (const [field, value] of form) {
		if (typeof value === 'string') {
			if (field === 'post') post = JSON.parse(value) as Record<string, unknown>;
		} else {
			const bytes = Buffer.from(await value.arrayBuffer());
			files.push({ field, filename: value.name, type: value.type, size: bytes.length, bytes });
		}
	}
	return { post, files };
}

/** `latencyMs` delays every answer, after the request is recorded (a slow receiver). */
export async function startFakeWebhook(secret: string, { latencyMs = 0 }: { latencyMs?: number } = {}): Promise<FakeWebhook> {
	const requests: WebhookRequest[] = [];
	const script: WebhookBehaviour[] = [];
	let count = 0;

	let inFlight = 0;
	let maxInFlight = 0;
	const server = createServer(async (req, res) => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		res.on('close', () => inFlight--);
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
			res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

		const behaviour = script.shift() ?? { kind: 'ok' };
		const check = verify(secret, req.headers, raw);
		const { pathname, search } = new URL(req.url ?? '/', 'http://fake');
		const record: WebhookRequest = { method: req.method ?? '', path: pathname, query: search, headers: req.headers, raw, verified: check.ok, files: [] };
		requests.push(record);
		if (behaviour.kind === 'hang') return; // the test's timeout ends it; close() drops the socket
		if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));
		// Like Express's default 404, which quotes the path it did not find.
		if (req.method !== 'POST' || pathname !== path) return res.writeHead(404, { 'content-type': 'text/html' }).end(`Cannot ${req.method} ${pathname}`);
		try {
			Object.assign(record, await parse(req.headers, raw));
		} catch {
			return json(400, { error: 'body is not multipart/form-data' });
		}
		if (!check.ok) return json(401, { error: check.reason });
		switch (behaviour.kind) {
			case 'ok': {
				count++;
				if (behaviour.body === null) return res.writeHead(204).end();
				if (typeof behaviour.body === 'string') return res.writeHead(200, { 'content-type': 'text/plain' }).end(behaviour.body);
				return json(200, behaviour.body ?? { id: `msg-${count}`, url: `https://receiver.example/posts/msg-${count}` });
			}
			case 'drop':
				count++;
				return void res.destroy();
			case 'rate-limited':
				return json(429, { error: 'slow down' }, behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {});
			case 'server-error':
				return json(behaviour.status ?? 500, { error: 'receiver is having a bad day' });
			case 'rejected':
				return json(422, { error: behaviour.reason });
			case 'redirect':
				return res.writeHead(301, { location: behaviour.location }).end();
			case 'echo': {
				const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
				const user = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
				return json(400, { error: `cannot handle ${req.method} ${req.url}${user ? ` as ${user}` : ''}` });
			}
		}
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${path}`,
		requests,
		maxInFlight: () => maxInFlight,
		next: (behaviour) => void script.push(behaviour),
		close: () =>
			new Promise<void>((resolve, reject) => {
				if (!server.listening) return resolve(); // closing twice is fine
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			})
	};
}
