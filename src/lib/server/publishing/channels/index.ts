/**
 * The registry: every channel's module, one line each, in the catalogue's order. Adding a channel is
 * its entry in core/catalogue.ts, its module in this folder and its line here (the README's "Add a
 * channel"). The outbox needs no account and is always on; each network is on when its environment
 * variables are set.
 */
import { channelNames, type ChannelName } from '#lib/core/catalogue.ts';
import { blueskyChannel } from './bluesky.ts';
import { facebookChannel } from './facebook.ts';
import { instagramChannel } from './instagram.ts';
import { mastodonChannel } from './mastodon.ts';
import { outboxChannel } from './outbox.ts';
import { telegramChannel } from './telegram.ts';
import { threadsChannel } from './threads.ts';
import { tokenDaysLeft } from './meta.ts';
import type { Channel, ChannelModule, Env } from './types.ts';
import { vkChannel } from './vk.ts';
import { webhookChannel } from './webhook.ts';
import { xChannel } from './x.ts';

export const channelModules = [
	outboxChannel,
	webhookChannel,
	telegramChannel,
	mastodonChannel,
	blueskyChannel,
	instagramChannel,
	facebookChannel,
	threadsChannel,
	vkChannel,
	xChannel
] as const;

type Module = (typeof channelModules)[number];
// Every channel of the catalogue has its module: a name left out fails the type check here.
const complete: Exclude<ChannelName, Module['name']> extends never ? true : never = true;
void complete;

/** Each channel's settings, as config.ts keeps them: undefined when the channel is not switched on. */
export type ChannelSettings = { [M in Module as M['name']]?: M extends ChannelModule<ChannelName, infer S> ? S : never };

/** The module of a channel of the catalogue. */
export function channelModule(name: ChannelName): ChannelModule {
	const found = channelModules.find((module) => module.name === name);
	if (!found) throw new Error(`The channel "${name}" has no module in publishing/channels/index.ts`);
	return found as ChannelModule;
}

/** Every channel's settings from the environment, through its own module (called by config.ts). */
export function readChannelSettings(env: Env): ChannelSettings {
	return Object.fromEntries(channelModules.map((module) => [module.name, module.settings(env)])) as ChannelSettings;
}

/** The channels this installation can publish to: those whose settings are there. */
export function configuredChannels(config: { channels: ChannelSettings; dataDir: string; outboxDir: string }): Map<string, Channel> {
	const made = new Map<string, Channel>();
	for (const name of channelNames) {
		const settings = config.channels[name];
		if (settings !== undefined) made.set(name, channelModule(name).create(settings, config));
	}
	return made;
}

/**
 * The tokens whose expiry is known, with the days left (negative once expired): for the dashboard, which
 * warns seven days ahead. Meta's long-lived tokens last 60 days; their dates are set with the tokens.
 */
export function tokenExpiries(channels: ChannelSettings, now = new Date()): { channel: ChannelName; expires: string; daysLeft: number }[] {
	const known: { channel: ChannelName; expires: string; daysLeft: number }[] = [];
	for (const name of channelNames) {
		const settings = channels[name] as { tokenExpires?: unknown } | undefined;
		const expires = typeof settings?.tokenExpires === 'string' ? settings.tokenExpires : undefined;
		const daysLeft = tokenDaysLeft(expires, now);
		if (expires && daysLeft !== undefined) known.push({ channel: name, expires, daysLeft });
	}
	return known;
}
