import { locales } from '#lib/core/i18n.ts';
import { channelNames } from '#lib/core/catalogue.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue, states, type State } from '#lib/server/store/posts.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const value = url.searchParams.get(name);
		return allowed.includes(value as T) ? (value as T) : undefined;
	};
	const filter = { state: pick<State>('state', states), channel: pick('channel', channelNames), locale: pick('locale', locales) };
	const posts = new Queue(database()).list(filter).map((post) => ({
		id: post.id,
		state: post.state,
		channel: post.channel,
		locale: post.locale,
		unreviewed: post.state === 'draft' && unreviewed(getContent(), post.locale),
		local: utcToZoned(new Date(post.scheduled_utc), post.zone).replace('T', ' '),
		zone: post.zone,
		title: itemTitle(post.item_kind, post.item_slug),
		kind: post.item_kind
	}));
	return { posts, filter, options: { states, channels: channelNames, locales } };
};
