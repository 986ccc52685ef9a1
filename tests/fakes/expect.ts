/** Shared by the channel tests: the ChannelError a send must fail with, and the post a read-back is asked about. */
import { expect } from 'vitest';
import { ChannelError, type Sought } from '#lib/server/publishing/channels/types.ts';

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
