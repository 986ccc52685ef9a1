/**
 * A failure's reason, as the publisher writes it in the audit log, in words for the person who plans the
 * posts: what happened, what happens next (both as messages, said in the reader's language), and the
 * network's own words after, as they came. The reasons start with what the failure says about the
 * request (core/delivery.ts `said`), after "will retry:" or "gave up after N attempts:" when the
 * publisher tried again or stopped trying.
 */
import { said } from '#lib/core/delivery.ts';
import { message, type Key, type Message } from '#lib/dashboard/i18n/index.ts';

export interface PlainFailure {
	/** What happened, in one sentence. */
	what: Message;
	/** What happens now, or what a person should do. */
	next: Message;
	/** The rest of the reason: the network's or the publisher's own words, not translated. */
	detail: string;
}

const happened: Record<string, Key> = {
	[said.notSent]: 'failure.notSent',
	[said.noAnswer]: 'failure.noAnswer',
	[said.rejected]: 'failure.rejected'
};

export function plainFailure(reason: string): PlainFailure {
	let rest = reason.trim();
	let next: Message | undefined;
	const retry = /^will retry: /.exec(rest);
	const gaveUp = /^gave up after (\d+) attempts?: /.exec(rest);
	if (retry) {
		rest = rest.slice(retry[0].length);
		next = message('failure.retry');
	} else if (gaveUp) {
		rest = rest.slice(gaveUp[0].length);
		next = message('failure.gaveUp', { count: Number(gaveUp[1]) });
	}
	const start = Object.keys(happened).find((words) => rest.startsWith(`${words}: `));
	const detail = start ? rest.slice(start.length + 2) : rest;
	const what = message(start ? happened[start]! : 'failure.other');
	next ??= message(start === said.noAnswer ? 'failure.look' : 'failure.open');
	return { what, next, detail: detail.charAt(0).toUpperCase() + detail.slice(1) };
}
