/**
 * The outbox: needs no account. Each post becomes a folder under data/outbox/<date>/ with its card
 * images, its caption and a JSON manifest, for teams that post by hand. <date> is the UTC day the post
 * is due, not the day it was written: writing the same post again — even after midnight, or days later —
 * replaces its one folder, so a repeat is safe.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChannelError, type Channel, type OutgoingPost } from './types.ts';

export function outbox(dir: string, now: () => Date = () => new Date()): Channel {
	const channel: Channel = {
		name: 'outbox',
		repeatSafeForMs: Infinity, // the post's one folder is replaced
		minIntervalMs: 0,
		async send(post: OutgoingPost) {
			const day = new Date(post.scheduledAt).toISOString().slice(0, 10);
			const folder = join(dir, day, post.id);
			const temporary = `${folder}.partial`;
			rmSync(temporary, { recursive: true, force: true });
			mkdirSync(temporary, { recursive: true });
			for (const image of post.images) writeFileSync(join(temporary, `card-${image.format}.png`), image.png);
			writeFileSync(join(temporary, 'caption.txt'), `${post.caption}\n`);
			writeFileSync(
				join(temporary, 'manifest.json'),
				`${JSON.stringify(
					{
						post: post.id,
						locale: post.locale,
						url: post.url,
						caption: post.caption,
						alt: post.alt,
						images: post.images.map((image) => ({ format: image.format, file: `card-${image.format}.png`, alt: post.alt })),
						written: now().toISOString()
					},
					null,
					2
				)}\n`
			);
			rmSync(folder, { recursive: true, force: true });
			renameSync(temporary, folder); // the folder appears whole or not at all
			return { id: `${day}/${post.id}`, url: `file://${folder}` };
		}
	};
	const write = channel.send.bind(channel);
	return { ...channel, send: (post, signal) => write(post, signal).catch(notWritten) };
}

/** Until the rename, nothing is in the outbox (a full disk, a file in the way): not sent, and tried again. */
function notWritten(error: unknown): never {
	const code = (error as { code?: unknown } | undefined)?.code;
	const detail = error instanceof Error ? error.message : String(error);
	throw new ChannelError(`the outbox folder could not be written (${typeof code === 'string' ? code : 'error'}): ${detail}`, 'transient');
}
