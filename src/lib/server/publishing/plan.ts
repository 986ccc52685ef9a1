/**
 * Planning: campaigns in content/campaigns/ become draft posts, once. Each post's plan key names its
 * campaign, language and day, so running the planner again creates nothing new. The keys already in
 * the queue are read first and only the missing posts are written: a planner run over a queue that
 * has every post (almost every run) asks for no write lock, so it never waits on, or holds up, the
 * dashboard or the publisher.
 */
import type { ItemKind } from '#lib/core/catalogue.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { Db } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { postText } from './compose.ts';
import { addLocalDays, zonedToUtc } from '#lib/core/time.ts';

export { itemUrl, postText } from './compose.ts';

export function planCampaigns(content: Content, db: Db, siteUrl: string, { marks = false }: { marks?: boolean } = {}): { created: number; existing: number } {
	const queue = new Queue(db);
	let created = 0;
	let existing = 0;
	const planned = db.prepare('SELECT 1 FROM posts WHERE plan_key = ?').pluck();
	for (const campaign of content.campaigns) {
		// Every item of each kind of the catalogue (a kind left out here fails the type check).
		const all: Record<ItemKind, () => string[]> = {
			topic: () => content.topics.map((t) => t.slug),
			fact: () => content.facts.map((f) => f.id),
			opportunity: () => content.opportunities.map((o) => o.id)
		};
		const slugs = campaign.items.slugs ?? all[campaign.items.kind]();
		for (const locale of campaign.locales) {
			for (let i = 0; i < campaign.count && slugs.length > 0; i++) {
				const slug = slugs[i % slugs.length]!;
				const local = addLocalDays(`${campaign.start}T${campaign.time}`, i * campaign.every_days);
				const key = `${campaign.id}/${locale}/${local}`;
				if (planned.get(key) !== undefined) {
					existing++;
					continue;
				}
				const made = postText(content, {
					kind: campaign.items.kind,
					slug,
					locale,
					channel: campaign.channel,
					siteUrl,
					hashtags: campaign.hashtags,
					formats: campaign.formats,
					marks,
					campaign: campaign.id
				});
				const result = queue.create(
					{
						item_kind: campaign.items.kind,
						item_slug: slug,
						locale,
						channel: campaign.channel,
						...made,
						formats: campaign.formats,
						scheduled_utc: zonedToUtc(local, campaign.zone).toISOString(),
						zone: campaign.zone,
						plan_key: key
					},
					`planner (campaign ${campaign.id})`
				);
				if (result.created) created++;
				else existing++; // planned by another process since the read
			}
		}
	}
	return { created, existing };
}
