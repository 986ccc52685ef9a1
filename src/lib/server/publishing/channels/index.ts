/**
 * The channels this installation can publish to. The outbox needs no account and is always there;
 * each network is there when its environment variables are set (see the README).
 */
import { join } from 'node:path';
import { config } from '#lib/server/config.ts';
import { bluesky } from './bluesky.ts';
import { mastodon } from './mastodon.ts';
import { outbox } from './outbox.ts';
import { telegram } from './telegram.ts';
import type { Channel } from './types.ts';
import { webhook } from './webhook.ts';

export function configuredChannels(): Map<string, Channel> {
	const { channels: settings } = config;
	const channels: Channel[] = [
		outbox(config.outboxDir),
		...(settings.webhook ? [webhook(settings.webhook)] : []),
		...(settings.telegram ? [telegram(settings.telegram)] : []),
		...(settings.mastodon ? [mastodon(settings.mastodon)] : []),
		// The session is kept under the data folder, so that a restart does not log in again.
		...(settings.bluesky ? [bluesky({ ...settings.bluesky, sessionFile: join(config.dataDir, 'bluesky-session.json') })] : [])
	];
	return new Map(channels.map((channel) => [channel.name, channel]));
}
