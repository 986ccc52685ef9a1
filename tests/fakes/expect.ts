/** Shared by the channel tests: the ChannelError a send must fail with. */
import { expect } from 'vitest';
import { ChannelError } from '#lib/server/publishing/channels/types.ts';

export async function failure(send: Promise<unknown>): Promise<ChannelError> {
	const error = await send.then(
		() => undefined,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(ChannelError);
	return error as ChannelError;
}
