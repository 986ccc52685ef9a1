/**
 * The outbox: needs no account. Each post becomes a folder under data/outbox/<date>/ with its card
 * images, its caption and a JSON manifest, for teams that post by hand. <date> is the UTC day the post
 * is due, not the day it was written: writing the same post again — even after midnight, or days later —
 * replaces its one folder, so a repeat is safe. The folder appears whole or not at all (a rename), so reading a
 * post back is certain: its folder is there, or the post is not.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { ChannelError, type Channel, type Lookup, type OutgoingPost, type Sought, defineChannel } from './types.ts';

export function outbox(dir: string, now: () => Date = () => new Date()): Channel {
	const day = (post: Pick<OutgoingPost, 'scheduledAt'>) => new Date(post.scheduledAt).toISOString().slice(0, 10);
	const folderOf = (post: Pick<OutgoingPost, 'id' | 'scheduledAt'>) => join(dir, day(post), post.id);
	const channel: Channel = {
		name: 'outbox',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.outbox.repeatSafeForMs,
		minIntervalMs: catalogue.outbox.minIntervalMs,
		async send(post: OutgoingPost) {
			const folder = folderOf(post);
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
			// A folder on this machine has no web address: the id names it under the outbox.
			return { id: `${day(post)}/${post.id}` };
		},
		async find(post: Sought): Promise<Lookup> {
			const folder = folderOf(post);
			if (existsSync(join(folder, 'manifest.json'))) {
				return { outcome: 'found', published: { id: `${day(post)}/${post.id}` }, evidence: `folder ${folder} was written` };
			}
			return { outcome: 'absent', evidence: `no folder ${folder}` };
		},
		whereToLook: (post: Sought) => ({ where: `the folder ${folderOf(post)}`, what: 'its manifest.json' })
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

/** The outbox needs no account: it is always on, writing under the data folder's outbox/. */
export const outboxChannel = defineChannel({
	name: 'outbox',
	env: [],
	settings: () => ({}),
	create: (_settings, { outboxDir }) => outbox(outboxDir)
});
