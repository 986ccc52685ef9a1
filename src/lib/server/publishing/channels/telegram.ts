/**
 * Telegram: a bot posts the card with its caption to a channel or chat.
 *
 * Environment (suggested; the maintainer wires them to the options):
 *   TELEGRAM_API_URL    default https://api.telegram.org (a local Bot API server works too)
 *   TELEGRAM_BOT_TOKEN  the token from @BotFather; the bot must be an admin of the channel
 *   TELEGRAM_CHAT_ID    "@channelusername" or a numeric id such as -1001234567890
 *
 * Endpoint: POST {apiUrl}/bot{token}/sendPhoto, multipart/form-data with chat_id, photo (the PNG) and
 * caption (plain text, no parse_mode, at most 1024 characters).
 *   https://core.telegram.org/bots/api#sendphoto
 *   https://core.telegram.org/bots/api#making-requests — every reply is { ok: true, result: Message } or
 *   { ok: false, error_code, description, parameters?: { retry_after, migrate_to_chat_id } }.
 *
 * - A post of single cards sends its first image (sendPhoto takes one).
 * - A carousel (a topic's slides, `post.carousel`) is ONE request, POST {apiUrl}/bot{token}/sendMediaGroup:
 *   multipart with chat_id, media (a JSON array of 2–10 InputMediaPhoto { type: "photo", media:
 *   "attach://slideN" }, the caption on the first, which Telegram shows as the album's) and each slide's
 *   PNG under its attach name. Telegram posts the set as an album and answers { ok: true, result:
 *   Message[] }, one message per photo, in order. https://core.telegram.org/bots/api#sendmediagroup
 *   It takes no idempotency key either: the repeat policy is sendPhoto's (never repeated blind).
 * - Telegram takes no alt text for photos: the Bot API has no such field, so `post.alt` is not sent.
 * - Telegram has no idempotency key: a repeat makes a second post, so it is never safe (repeatSafeForMs 0).
 * - 500 and 503 are Telegram saying it did not take the message: transient. 502 and 504 come from a
 *   gateway in front of it, which may have passed the request on: the outcome is unknown.
 * - The token is part of every URL. No URL, and no message from fetch (which can quote the URL), ever
 *   goes into an error: messages are built here from the status, Telegram's description and an error code.
 * - Every message starts with what it says about the request (types.ts `said`): a photo posted whose
 *   answer was lost (a closed connection, a timeout) is "sent, no answer (may be published)", never
 *   "could not be reached".
 */
import { captionLength } from '#lib/core/captions.ts';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { redact, retryAfterMs } from './http.ts';
import { ChannelError, failedFetch, firstLine, type Channel, type OutgoingPost, type Sought, defineChannel } from './types.ts';

export interface TelegramOptions {
	/** TELEGRAM_API_URL, default https://api.telegram.org. */
	apiUrl?: string;
	/** TELEGRAM_BOT_TOKEN. */
	token: string;
	/** TELEGRAM_CHAT_ID: "@channelusername" or a numeric chat id. */
	chatId: string;
}

interface TelegramReply {
	ok?: boolean;
	error_code?: number;
	description?: string;
	parameters?: { retry_after?: number; migrate_to_chat_id?: number };
	result?: TelegramMessage | TelegramMessage[];
}

interface TelegramMessage {
	message_id?: number;
	chat?: { id?: number; username?: string };
}

export function telegram({ apiUrl = 'https://api.telegram.org', token, chatId }: TelegramOptions): Channel {
	if (!token) throw new Error('Telegram needs a bot token (TELEGRAM_BOT_TOKEN)');
	if (!chatId) throw new Error('Telegram needs a chat id (TELEGRAM_CHAT_ID)');
	if (!URL.canParse(apiUrl)) throw new Error('TELEGRAM_API_URL is not a URL');
	const endpoint = (method: 'sendPhoto' | 'sendMediaGroup') => `${apiUrl.replace(/\/+$/, '')}/bot${token}/${method}`;
	/** Belt and braces: whatever a message says, the token is never in it. */
	const fail = (message: string, kind: ChannelError['kind'], retryAfterMs?: number, before = false) =>
		new ChannelError(redact(message, [token], { mark: '[token]' }), kind, retryAfterMs, { before });

	return {
		name: 'telegram',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.telegram.repeatSafeForMs,
		minIntervalMs: catalogue.telegram.minIntervalMs,
		startsRequestLate: true, // the request starts once the photo and caption are ready to go
		async send(post: OutgoingPost, signal: AbortSignal, starting?: () => void) {
			const image = post.images[0];
			if (!image) throw fail('The post has no card image to send to Telegram', 'permanent', undefined, true);
			const { length, limit } = captionLength('telegram', post.caption);
			if (length > limit) throw fail(`The caption has ${length} characters; Telegram allows ${limit} under a photo`, 'permanent', undefined, true);

			const set = post.carousel === true;
			const { min, max } = catalogue.telegram.carousel;
			if (set && (post.images.length < min || post.images.length > max)) {
				throw fail(`A Telegram album takes ${min} to ${max} photos; this carousel has ${post.images.length}`, 'permanent', undefined, true);
			}

			const form = new FormData();
			form.set('chat_id', chatId);
			if (set) {
				// One album: each slide attached under its own name, the caption on the first photo.
				const media = post.images.map((_, i) => ({ type: 'photo', media: `attach://slide${i + 1}`, ...(i === 0 ? { caption: post.caption } : {}) }));
				form.set('media', JSON.stringify(media));
				post.images.forEach((slide, i) => form.set(`slide${i + 1}`, new Blob([new Uint8Array(slide.png)], { type: 'image/png' }), `slide-${i + 1}-${slide.format}.png`));
			} else {
				form.set('caption', post.caption);
				form.set('photo', new Blob([new Uint8Array(image.png)], { type: 'image/png' }), `card-${image.format}.png`);
			}

			let response: Response;
			let reply: TelegramReply | undefined;
			starting?.();
			try {
				response = await fetch(endpoint(set ? 'sendMediaGroup' : 'sendPhoto'), { method: 'POST', body: form, signal });
				const text = await response.text();
				try {
					reply = JSON.parse(text) as TelegramReply;
				} catch {
					reply = undefined; // a proxy's HTML error page, say
				}
			} catch (error) {
				// Built from the error's code only: fetch's own words may quote the URL, and the token with it.
				const { kind, detail } = failedFetch(error, signal, 'Telegram');
				throw fail(detail, kind);
			}

			// sendPhoto answers one message; sendMediaGroup one per photo, in order.
			const sent = reply?.result === undefined ? [] : Array.isArray(reply.result) ? reply.result : [reply.result];
			const first = sent[0];
			const complete = sent.length === (set ? post.images.length : 1) && sent.every((message) => message.message_id !== undefined && message.chat?.id !== undefined);
			if (response.ok && reply?.ok === true && complete && first) {
				const username = first.chat?.username;
				return {
					// A single photo: <chat>/<message>. An album: <chat>/<first>,<second>,… — every message of the set.
					id: `${first.chat?.id}/${sent.map((message) => message.message_id).join(',')}`,
					url: username ? `https://t.me/${username}/${first.message_id}` : undefined
				};
			}

			const reason = `Telegram HTTP ${response.status}${reply?.description ? `: ${reply.description}` : ''}`;
			// Telegram took the request but did not say what it posted: the photo may be in the channel.
			if (response.ok) throw fail(`${reason}: an answer without the sent message; check the channel before sending again`, 'unknown');
			if (response.status === 429) throw fail(reason, 'transient', waitMs(response, reply));
			// A gateway's 502 or 504: the request may have reached Telegram and the photo may be posted.
			if (response.status === 502 || response.status === 504) throw fail(reason, 'unknown');
			if (response.status >= 500) throw fail(reason, 'transient');
			const moved = reply?.parameters?.migrate_to_chat_id;
			throw fail(moved === undefined ? reason : `${reason} (the chat is now ${moved}: update TELEGRAM_CHAT_ID)`, 'permanent');
		},
		// A bot cannot read a channel's history back (the Bot API has no such method): a person looks.
		whereToLook(post: Sought) {
			const link = chatId.startsWith('@') ? ` (https://t.me/${chatId.slice(1)})` : '';
			return { where: `the Telegram chat ${chatId}${link}`, what: `a photo whose caption begins “${firstLine(post.caption)}”` };
		}
	};
}

/** The wait Telegram asked for: its own retry_after, else a Retry-After header (seconds or an HTTP date). */
function waitMs(response: Response, reply: TelegramReply | undefined): number | undefined {
	const seconds = reply?.parameters?.retry_after;
	if (typeof seconds === 'number' && seconds >= 0) return seconds * 1000;
	return retryAfterMs(response.headers.get('retry-after'), Date.now());
}

/** On when TELEGRAM_BOT_TOKEN is set. */
export const telegramChannel = defineChannel({
	name: 'telegram',
	env: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID', 'TELEGRAM_API_URL'],
	settings: (env): TelegramOptions | undefined =>
		env.TELEGRAM_BOT_TOKEN
			? { apiUrl: env.TELEGRAM_API_URL ?? 'https://api.telegram.org', token: env.TELEGRAM_BOT_TOKEN, chatId: env.TELEGRAM_CHAT_ID ?? '' }
			: undefined,
	create: (settings) => telegram(settings)
});
