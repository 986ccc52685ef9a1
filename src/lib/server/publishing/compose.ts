/**
 * What a post says: its caption, fitted to the channel, its card and the card's alt text, made together
 * from the item's view and kept with the post, so that what is approved is what goes out.
 */
import type { Locale } from '#lib/core/i18n.ts';
import { buildCaption, captionLength, linkMarks, markLinks, type LinkMarks } from '#lib/core/captions.ts';
import { isFormat, type ChannelName, type Format, type ItemKind } from '#lib/core/catalogue.ts';
import { cardKey } from '#lib/server/cards/cache.ts';
import { itemPath, itemView } from '#lib/server/views/item.ts';
import { cardOf, cardText, type CardText } from '#lib/server/views/card.ts';
import { carouselSlides } from '#lib/server/views/carousel.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { CardSnapshot, Post, Queue } from '#lib/server/store/posts.ts';

/** The public page a post links to. */
export function itemUrl(siteUrl: string, locale: Locale, kind: ItemKind, slug: string): string {
	return siteUrl + itemPath(locale, kind, slug);
}

/** The card as a post keeps it: its input, and the cache key of each format it is sent in. */
export function cardSnapshot(card: CardText, formats: readonly string[]): CardSnapshot {
	return { card, card_keys: Object.fromEntries(formats.filter((format): format is Format => isFormat(format)).map((format) => [format, cardKey(card, format)])) };
}

/**
 * Caption, card and alt text for an item in a language, fitted to the channel; with `carousel`, also the
 * topic's slides (views/carousel.ts), each kept as the card is, sent as one set.
 */
export function postText(
	content: Content,
	{ kind, slug, locale, channel, siteUrl, hashtags = [], formats = ['square'], marks = false, campaign, id, carousel = false }: {
		kind: ItemKind;
		slug: string;
		locale: Locale;
		channel: ChannelName;
		siteUrl: string;
		hashtags?: string[];
		/** The card formats the post is sent with. */
		formats?: readonly string[];
		/** Whether its links will be marked when published (config.marks): the caption is fitted with the marks. */
		marks?: boolean;
		/** The campaign that plans it, and its id once it has one, for the marks. */
		campaign?: string;
		id?: string;
		/** A topic's carousel: its slides are kept with the post and sent as one set. */
		carousel?: boolean;
	}
): { caption: string; alt: string; slides?: CardSnapshot[] } & CardSnapshot {
	const view = itemView(content, locale, kind, slug, siteUrl);
	if (!view) throw new Error(`No ${kind} "${slug}"`);
	// The first line is what the item is called standing alone: a fact's headline, not its bare figure.
	const caption = buildCaption(channel, { title: view.heading, body: view.body, url: view.url, hashtags }, linkMarks(marks, siteUrl, { channel, campaign, id }));
	// Only a topic has slides: for anything else the set is empty, and the queue refuses it.
	const slides = carousel ? carouselSlides(content, locale, slug, siteUrl).map((card) => cardSnapshot(card, formats)) : undefined;
	return { caption, alt: view.alt, ...cardSnapshot(cardOf(view), formats), ...(slides ? { slides } : {}) };
}

/**
 * The campaign that planned a post: the planner's keys are `<campaign id>/<locale>/<local time>`
 * (plan.ts); the dashboard's and the CLI's posts have none. Read from the key alone, so that what a
 * post's marks say does not change when the content's campaigns do (read-back compares what was sent).
 */
export function campaignOf(post: Pick<Post, 'plan_key'>): string | undefined {
	return /^([^/:]+)\//.exec(post.plan_key ?? '')?.[1];
}

/** The marks a saved post's links get when it is published; undefined when marking is off. */
export function marksOf(post: Pick<Post, 'id' | 'channel' | 'plan_key'>, siteUrl: string, on: boolean): LinkMarks | undefined {
	return linkMarks(on, siteUrl, { channel: post.channel, campaign: campaignOf(post), id: post.id });
}

/**
 * The caption as it goes out: its links marked. Captions are fitted and checked with the marks; one
 * that would not fit all the same (written before marks were on) goes out with its links as they are.
 * Publishing sends this, and read-back looks for this.
 */
export function sentCaption(post: Pick<Post, 'id' | 'channel' | 'plan_key' | 'caption'>, siteUrl: string, on: boolean): { caption: string; marks?: LinkMarks; unmarked?: string } {
	const marks = marksOf(post, siteUrl, on);
	const caption = markLinks(post.caption, marks);
	const { length, limit } = captionLength(post.channel, caption);
	if (!marks || length <= limit) return { caption, marks };
	return { caption: post.caption, unmarked: `its caption with marked links would be ${length} of ${limit}; sent with its links unmarked` };
}

/** Two cards say the same when every field does (the order of the fields in the stored JSON aside). */
function sameCard(a: CardText, b: CardText): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CardText>;
	return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Whether the post's card still says what the content says: `newer` when the content has a newer
 * version of the item, `gone` when the item is no longer in it, `unknown` for a post that carries no
 * card (made before the database's version 5).
 */
export function contentNow(content: Content, post: Post, siteUrl: string): 'same' | 'newer' | 'gone' | 'unknown' {
	const now = cardText(content, post.locale, post.item_kind, post.item_slug, siteUrl);
	if (!now) return 'gone';
	if (!post.card) return 'unknown';
	return sameCard(post.card, now) ? 'same' : 'newer';
}

/**
 * Makes the post's caption, alt and card again from the content now (with its campaign's hashtags,
 * when a campaign planned it): back to draft, in the audit log.
 */
export function refreshPost(
	queue: Queue,
	content: Content,
	id: string,
	actor: string,
	{ siteUrl, mayEditApproved = true, marks = false }: { siteUrl: string; mayEditApproved?: boolean; marks?: boolean }
): Post {
	const post = queue.get(id);
	if (!post) throw new Error(`No post ${id}`);
	const campaign = content.campaigns.find((entry) => entry.id === campaignOf(post));
	const made = postText(content, {
		kind: post.item_kind,
		slug: post.item_slug,
		locale: post.locale,
		channel: post.channel,
		siteUrl,
		hashtags: campaign?.hashtags,
		formats: post.formats,
		marks,
		campaign: campaign?.id,
		id: post.id,
		carousel: post.slides !== null
	});
	return queue.refresh(id, actor, made, { mayEditApproved });
}
