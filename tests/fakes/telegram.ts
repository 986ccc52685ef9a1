/**
 * A fake Telegram Bot API for tests: a real HTTP server on 127.0.0.1 (ephemeral port) answering
 * POST /bot<token>/sendPhoto as https://core.telegram.org/bots/api#sendphoto describes — multipart
 * form with chat_id, photo and caption; replies { ok: true, result: Message } or
 * { ok: false, error_code, description, parameters? } with the HTTP status equal to error_code.
 * A wrong token gets 401 Unauthorized, as the real API does. Every request is recorded; the next
 * replies can be scripted (429 with retry_after, 5xx, hang, a lost answer, bad credentials, a refusal).
 * `messages` holds the captions of the photos it posted, in order.
 *
 * POST /bot<token>/sendMediaGroup, as https://core.telegram.org/bots/api#sendmediagroup describes: chat_id
 * and media, a JSON array of 2–10 InputMediaPhoto ({ type: "photo", media: "attach://<name>", caption? }),
 * each file uploaded in the same form under <name>; the album is posted as one, and the answer is
 * { ok: true, result: Message[] }, one message per photo, in order, sharing a media_group_id. Its photos
 * go into `messages` too (the caption on the first, empty on the others), and each album into `albums`.
 * The scripted behaviours apply to it as to sendPhoto (`drop`: the album is posted, the answer lost).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTelegramRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The text fields of the form (chat_id, caption, …), as sent: line breaks arrive as CRLF. */
	fields: Record<string, string>;
	/** The uploaded files, by field name. */
	files: Record<string, { filename: string; type: string; size: number; bytes: Buffer }>;
}

export type FakeTelegramBehaviour =
	| { kind: 'ok' }
	/** 429 with parameters.retry_after (seconds) and, if given, a Retry-After header. */
	| { kind: 'tooMany'; retryAfter?: number; header?: string }
	/** A server error: Telegram's JSON by default, or a raw body (a proxy's HTML page). */
	| { kind: 'serverError'; status?: number; body?: string }
	/** Read the request, never answer. */
	| { kind: 'hang' }
	/** Post the photo, then close the connection without an answer (the answer is lost on the way). */
	| { kind: 'drop' }
	| { kind: 'unauthorized' }
	/** 400 Bad Request with this description, e.g. "Bad Request: chat not found". */
	| { kind: 'badRequest'; description: string; parameters?: Record<string, number> };

export interface FakeTelegramOptions {
	token?: string;
	/** The chat the bot posts to; chat_id may be its numeric id or "@username". */
	chat?: { id: number; type: string; title: string; username?: string };
	/** Delay every answer by this long, after the request is recorded (a slow network). */
	latencyMs?: number;
}

export async function startFakeTelegram({
	token = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl',
	chat = { id: -1001234567890, type: 'channel', title: 'Caravan', username: 'caravan_news' },
	latencyMs = 0
}: FakeTelegramOptions = {}) {
	const requests: FakeTelegramRequest[] = [];
	const script: FakeTelegramBehaviour[] = [];
	const messages: string[] = [];
	/** Every album posted: its caption (the first photo's) and its message ids, in order. */
	const albums: { caption: string; messageIds: number[]; files: string[] }[] = [];
	let messageId = 0;
	let mediaGroup = 13_000_000_000;
	const isPng = (bytes: Buffer) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

	const reply = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	};
	const error = (res: ServerResponse, code: number, description: string, parameters?: object, headers?: Record<string, string>) =>
		reply(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }, headers);

	const server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const path = req.url ?? '/';
		const record: FakeTelegramRequest = { method: req.method ?? '', path, headers: req.headers, fields: {}, files: {} };
		const contentType = req.headers['content-type'] ?? '';
		if (contentType.startsWith('multipart/form-data')) {
			// The platform's own multipart parser (undici), so the fake reads the form as a server would.
			const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
			for (const [name, value] of form) {
				if (typeof value === 'string') record.fields[name] = value;
				else {
					const bytes = Buffer.from(await value.arrayBuffer());
					record.files[name] = { filename: value.name, type: value.type, size: bytes.length, bytes };
				}
			}
		}
		requests.push(record);
		if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));

		const match = /^\/bot([^/]+)\/([^/?]+)/.exec(path);
		if (!match || match[1] !== token) return error(res, 401, 'Unauthorized');
		const method = match[2]?.toLowerCase();
		if (req.method !== 'POST' || (method !== 'sendphoto' && method !== 'sendmediagroup')) return error(res, 404, 'Not Found');

		const behaviour = script.shift() ?? { kind: 'ok' };
		switch (behaviour.kind) {
			case 'hang':
				return;
			case 'unauthorized':
				return error(res, 401, 'Unauthorized');
			case 'tooMany': {
				const seconds = behaviour.retryAfter;
				const description = seconds === undefined ? 'Too Many Requests' : `Too Many Requests: retry after ${seconds}`;
				return error(res, 429, description, seconds === undefined ? undefined : { retry_after: seconds }, behaviour.header ? { 'retry-after': behaviour.header } : {});
			}
			case 'serverError': {
				const status = behaviour.status ?? 500;
				if (behaviour.body === undefined) return error(res, status, 'Internal Server Error');
				res.writeHead(status, { 'content-type': 'text/html' });
				return res.end(behaviour.body);
			}
			case 'badRequest':
				return error(res, 400, behaviour.description, behaviour.parameters);
		}

		const chatId = record.fields.chat_id;
		if (method === 'sendmediagroup') {
			if (!chatId) return error(res, 400, 'Bad Request: chat_id is empty');
			if (chatId !== String(chat.id) && !(chat.username && chatId === `@${chat.username}`)) return error(res, 400, 'Bad Request: chat not found');
			let media: unknown;
			try {
				media = JSON.parse(record.fields.media ?? '');
			} catch {
				return error(res, 400, "Bad Request: can't parse media JSON object");
			}
			if (!Array.isArray(media)) return error(res, 400, 'Bad Request: media must be an array');
			if (media.length < 2 || media.length > 10) return error(res, 400, 'Bad Request: wrong number of media in the group (2–10)');
			const items: { caption: string; file: string }[] = [];
			for (const item of media as { type?: unknown; media?: unknown; caption?: unknown }[]) {
				if (item?.type !== 'photo') return error(res, 400, 'Bad Request: only photos are grouped here');
				const name = typeof item.media === 'string' && item.media.startsWith('attach://') ? item.media.slice('attach://'.length) : undefined;
				const file = name ? record.files[name] : undefined;
				if (!name || !file) return error(res, 400, 'Bad Request: wrong file identifier/HTTP URL specified');
				if (!isPng(file.bytes)) return error(res, 400, 'Bad Request: IMAGE_PROCESS_FAILED');
				const itemCaption = (typeof item.caption === 'string' ? item.caption : '').replaceAll('\r', '');
				if (itemCaption.length > 1024) return error(res, 400, 'Bad Request: message caption is too long');
				items.push({ caption: itemCaption, file: name });
			}
			const group = String(++mediaGroup);
			const sent = items.map((item) => {
				messageId++;
				messages.push(item.caption);
				const file = record.files[item.file]!;
				return {
					message_id: messageId,
					sender_chat: chat,
					chat,
					date: Math.floor(Date.now() / 1000),
					media_group_id: group,
					photo: [{ file_id: `fake-photo-${messageId}`, file_unique_id: `fake-${messageId}`, file_size: file.size, width: file.bytes.readUInt32BE(16), height: file.bytes.readUInt32BE(20) }],
					...(item.caption ? { caption: item.caption } : {})
				};
			});
			albums.push({ caption: items[0]!.caption, messageIds: sent.map((message) => message.message_id), files: items.map((item) => item.file) });
			if (behaviour.kind === 'drop') return void res.destroy(); // posted; the answer never leaves
			return reply(res, 200, { ok: true, result: sent });
		}
		// FormData sends line breaks as CRLF; Telegram (tdlib's clean_input_string) drops every '\r'.
		const caption = (record.fields.caption ?? '').replaceAll('\r', '');
		const photo = record.files.photo;
		if (!chatId) return error(res, 400, 'Bad Request: chat_id is empty');
		if (chatId !== String(chat.id) && !(chat.username && chatId === `@${chat.username}`)) return error(res, 400, 'Bad Request: chat not found');
		if (!photo) return error(res, 400, 'Bad Request: there is no photo in the request');
		if (caption.length > 1024) return error(res, 400, 'Bad Request: message caption is too long');
		if (!isPng(photo.bytes)) return error(res, 400, 'Bad Request: IMAGE_PROCESS_FAILED');

		messageId++;
		messages.push(caption);
		if (behaviour.kind === 'drop') return void res.destroy(); // posted; the answer never leaves
		const size = { width: photo.bytes.readUInt32BE(16), height: photo.bytes.readUInt32BE(20) };
		reply(res, 200, {
			ok: true,
			result: {
				message_id: messageId,
				sender_chat: chat,
				chat,
				date: Math.floor(Date.now() / 1000),
				photo: [{ file_id: `fake-photo-${messageId}`, file_unique_id: `fake-${messageId}`, file_size: photo.size, ...size }],
				...(caption ? { caption } : {})
			}
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		token,
		chat,
		requests,
		messages,
		albums,
		/** Script the next replies, in order; after them the fake succeeds again. */
		next(...behaviours: FakeTelegramBehaviour[]) {
			script.push(...behaviours);
		},
		close() {
			server.closeAllConnections(); // hung requests too
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
