/**
 * The channels this installation can publish to. The outbox needs no account and is always there;
 * the networks (webhook, Telegram, Mastodon, Bluesky) are added as their modules land, each from its
 * own environment variables.
 */
import { config } from '../../src/lib/server/config.ts';
import { outbox } from './outbox.ts';
import type { Channel } from './types.ts';

export function configuredChannels(): Map<string, Channel> {
	const channels: Channel[] = [outbox(config.outboxDir)];
	return new Map(channels.map((channel) => [channel.name, channel]));
}
