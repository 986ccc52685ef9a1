import { describe, expect, test } from 'vitest';
import { config } from '#lib/server/config.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { postText } from '#lib/server/publishing/compose.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import type { ChannelStatus } from '#lib/server/store/channel-settings.ts';
import { translate, type Message } from '#lib/dashboard/i18n/index.ts';
import { approvalCheck, channelWarning, contentWarning } from './approval.ts';

/** What the page says, in English. */
const say = (said: Message | undefined, language: 'en' | 'ru' = 'en') => (said ? translate(language, said) : undefined);

const content = loadContent();
const status = (name: ChannelStatus['name'], configured: boolean, paused = false): ChannelStatus => ({ name, configured, paused, reason: null, updated_by: null, updated_at: null });
const channels = [status('outbox', true), status('telegram', false), status('mastodon', true, true)];

function draft(locale: 'en' | 'ru', channel: 'outbox' | 'telegram' | 'mastodon', changeCard = false) {
	const queue = new Queue(openDb(':memory:'));
	const made = postText(content, { kind: 'topic', slug: 'youth-education', locale, channel, siteUrl: config.siteUrl });
	const card = changeCard ? { ...made.card, title: 'What the item said before' } : made.card;
	return { queue, post: queue.create({ item_kind: 'topic', item_slug: 'youth-education', locale, channel, zone: 'UTC', scheduled_utc: '2031-01-01T10:00:00.000Z', ...made, card }, 'editor').post };
}

describe('what an approver is told before approving (the post page and bulk approve)', () => {
	test('a reviewed language, a channel that is on, the content as it was: nothing to confirm', () => {
		const { post } = draft('en', 'outbox');
		expect(approvalCheck(post, content, channels)).toMatchObject({ problem: undefined, unreviewed: undefined, channel_warning: undefined, content: 'same', when: '2031-01-01 10:00 UTC' });
	});

	test('a draft translation, a channel not set up, a channel paused, a newer version of the item', () => {
		const ru = approvalCheck(draft('ru', 'telegram').post, content, channels);
		expect(say(ru.unreviewed)).toBe('Russian');
		expect(say(ru.channel_warning)).toBe("telegram is not set up on this server yet: unless it is set up before the post's time, the post will not be sent and will fail.");
		expect(translate('ru', ru.channel_warning!)).toMatch(/^Канал telegram ещё не подключён/);
		expect(say(approvalCheck(draft('en', 'mastodon').post, content, channels).channel_warning)).toBe(
			'mastodon is paused: the post will wait, approved, and go out as soon as an admin resumes mastodon.'
		);
		const changed = approvalCheck(draft('en', 'outbox', true).post, content, channels);
		expect(changed.content).toBe('newer');
		expect(say(contentWarning(changed.content))).toMatch(/^A newer version of this item exists/);
		expect(say(channelWarning('webhook', undefined))).toMatch(/^webhook is not set up/); // no status known: not set up
	});

	test('a post that is not a draft, or whose caption is over the limit, cannot be approved, and says why', () => {
		const { queue, post } = draft('en', 'outbox');
		queue.approve(post.id, 'approver');
		expect(say(approvalCheck(queue.get(post.id)!, content, channels).problem)).toBe('it is approved, not a draft');
		const long = draft('en', 'outbox');
		const edited = long.queue.edit(long.post.id, 'editor', { caption: 'a'.repeat(5000) });
		expect(say(approvalCheck(edited, content, channels).problem)).toMatch(/^The caption is 5000 characters; outbox allows \d+/);
	});

	test('an Instagram post with too many hashtags, or a card shape Instagram refuses, cannot be approved, and says why', () => {
		const queue = new Queue(openDb(':memory:'));
		const make = (caption: string) =>
			queue.create({ item_kind: 'topic', item_slug: 'youth-education', locale: 'en', channel: 'instagram', zone: 'UTC', scheduled_utc: '2031-01-01T10:00:00.000Z', caption, formats: ['portrait'] }, 'editor').post;
		const tags = Array.from({ length: 31 }, (_, n) => `#tag${n}`).join(' ');
		expect(say(approvalCheck(make(`Youth\n\n${tags}`), content, channels).problem)).toBe('The caption has 31 hashtags; instagram allows 30. Remove 1.');
		// A post stored with a story card (as a post made before Instagram's rule would be).
		const story = make('Youth');
		queue.db.prepare(`UPDATE posts SET formats = '["story"]' WHERE id = ?`).run(story.id);
		expect(say(approvalCheck(queue.get(story.id)!, content, channels).problem)).toBe('instagram takes cards from 4:5 to 1.91:1 (width:height); the story card is 1080×1920. Choose another card format, or leave instagram out.');
		expect(say(approvalCheck(queue.get(story.id)!, content, channels).problem, 'ru')).toMatch(/^instagram принимает карточки с соотношением сторон от 4:5 до 1.91:1; карточка story — 1080×1920/);
	});
});
