/**
 * What a person must know before approving a post, on its page and in the queue's bulk approve alike:
 * why it cannot be approved (its state, a caption over the channel's limit), and what to confirm — a
 * translation no native speaker has reviewed, a channel that is not set up or is paused — and whether
 * the content has changed since the post was made.
 */
import type { ChannelName } from '#lib/core/catalogue.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { config } from '#lib/server/config.ts';
import { unreviewed, type Content } from '#lib/server/content/index.ts';
import { cardSnapshot, contentNow, marksOf } from '#lib/server/publishing/compose.ts';
import type { ChannelStatus } from '#lib/server/store/channel-settings.ts';
import type { Post, Queue } from '#lib/server/store/posts.ts';
import { cardText } from '#lib/server/views/card.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';
import { caption, media, type FieldErrors } from './fields.ts';

/**
 * Approving for a channel that cannot publish at the post's time is allowed, after a person confirms:
 * a channel is often set up after the first posts for it are planned, and a pause is an admin's
 * decision that keeps approved posts waiting. Refusing would make the team approve them all again later.
 */
export function channelWarning(channel: ChannelName, status: Pick<ChannelStatus, 'configured' | 'paused'> | undefined): Message | undefined {
	if (!status || !status.configured) return message('approval.notSetUp', { channel });
	if (status.paused) return message('approval.paused', { channel });
	return undefined;
}

export interface ApprovalCheck {
	id: string;
	title: string;
	channel: ChannelName;
	locale: Post['locale'];
	state: Post['state'];
	/** Its time in its own zone: "2030-01-07 18:00 Asia/Almaty". */
	when: string;
	/** Why it cannot be approved (then nothing else matters). */
	problem?: Message;
	/** The language, when no native speaker has reviewed its translation: to confirm. */
	unreviewed?: Message;
	/** The channel cannot publish it now (not set up, paused): to confirm. */
	channel_warning?: Message;
	/** Whether the content has changed since the post was made (`newer`), or is gone. */
	content: ReturnType<typeof contentNow>;
}

export function approvalCheck(post: Post, content: Content, channels: ChannelStatus[]): ApprovalCheck {
	const errors: FieldErrors = {};
	caption(post.caption, post.channel, errors, marksOf(post, config.siteUrl, config.marks));
	const problem =
		post.state !== 'draft' ? message('approval.notDraft', { state: message(`state.${post.state}`) }) : (errors.caption ?? media(post.channel, post.formats, post.slides?.length));
	return {
		id: post.id,
		title: itemTitle(post.item_kind, post.item_slug),
		channel: post.channel,
		locale: post.locale,
		state: post.state,
		when: `${utcToZoned(new Date(post.scheduled_utc), post.zone).replace('T', ' ')} ${post.zone}`,
		problem,
		unreviewed: unreviewed(content, post.locale) ? message(`lang.${post.locale}`) : undefined,
		channel_warning: channelWarning(post.channel, channels.find((status) => status.name === post.channel)),
		content: contentNow(content, post, config.siteUrl)
	};
}

/** Approves one post as its page does: a post made before posts kept their card takes the content's card now. */
export function approvePost(queue: Queue, content: Content, post: Post, actor: string): Post {
	const card = post.card ? undefined : cardText(content, post.locale, post.item_kind, post.item_slug, config.siteUrl);
	return queue.approve(post.id, actor, card && cardSnapshot(card, post.formats));
}

/** What a changed item means for a post about to be approved, in one sentence. */
export function contentWarning(content: ApprovalCheck['content']): Message | undefined {
	if (content === 'newer') return message('approval.newer');
	if (content === 'gone') return message('approval.gone');
	return undefined;
}
