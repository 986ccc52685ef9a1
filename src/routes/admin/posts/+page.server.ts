import { locales } from '$lib/i18n';
import { channels } from '$lib/server/content/schema';
import { requireRole } from '$lib/server/auth/guard';
import { database } from '$lib/server/db/shared';
import { Queue, states, type State } from '$lib/server/queue/posts';
import { utcToZoned } from '$lib/server/queue/time';
import { itemTitle } from '$lib/server/items';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const value = url.searchParams.get(name);
		return allowed.includes(value as T) ? (value as T) : undefined;
	};
	const filter = { state: pick<State>('state', states), channel: pick('channel', channels), locale: pick('locale', locales) };
	const posts = new Queue(database()).list(filter).map((post) => ({
		id: post.id,
		state: post.state,
		channel: post.channel,
		locale: post.locale,
		local: utcToZoned(new Date(post.scheduled_utc), post.zone).replace('T', ' '),
		zone: post.zone,
		title: itemTitle(post.item_kind, post.item_slug),
		kind: post.item_kind
	}));
	return { posts, filter, options: { states, channels, locales } };
};
