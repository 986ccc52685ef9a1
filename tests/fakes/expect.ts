/**
 * Shared by the channel and publisher tests: the ChannelError a send must fail with, the post a
 * read-back is asked about, and the publisher's options against local fakes.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { ChannelError, type Sought } from '#lib/server/publishing/channels/types.ts';
import type { PublishOptions } from '#lib/server/publishing/publish.ts';

export async function failure(send: Promise<unknown>): Promise<ChannelError> {
	const error = await send.then(
		() => undefined,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(ChannelError);
	return error as ChannelError;
}

/** A post whose outcome is unknown, with `caption`, whose round began a minute ago. */
export const soughtPost = (caption: string, overrides: Partial<Sought> = {}): Sought => ({
	id: 'post-1',
	caption,
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	since: new Date(Date.now() - 60_000),
	until: new Date(),
	taken: new Set(),
	twins: [],
	...overrides
});

/**
 * The publisher's options in a test whose files live in `dir`: one publisher, no pacing (the fakes are
 * local), no random jitter, nothing logged unless the test asks.
 */
export const publisherOptions = (dir: string, overrides: Partial<PublishOptions> = {}): PublishOptions => ({
	owner: 'test-publisher',
	leaseMs: 60_000,
	timeoutMs: 10_000,
	maxAttempts: 3,
	backoffMs: 1_000,
	cardsDir: join(dir, 'cards'),
	siteUrl: 'https://caravan.example.org',
	paceScale: 0,
	random: () => 1,
	log: () => {},
	...overrides
});
