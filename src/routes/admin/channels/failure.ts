/**
 * A failure's reason, as the publisher writes it in the audit log, in words for the person who plans the
 * posts: what happened, what happens next, and the network's own words after. The reasons start with
 * what the failure says about the request (core/delivery.ts `said`), after "will retry:" or "gave up
 * after N attempts:" when the publisher tried again or stopped trying.
 */
import { said } from '#lib/core/delivery.ts';

export interface PlainFailure {
	/** What happened, in one sentence. */
	what: string;
	/** What happens now, or what a person should do. */
	next: string;
	/** The rest of the reason: the network's or the publisher's own words. */
	detail: string;
}

const happened: Record<string, string> = {
	[said.notSent]: 'The post did not go out.',
	[said.noAnswer]: 'The network did not answer: the post may have gone out.',
	[said.rejected]: 'The network refused the post.'
};

export function plainFailure(reason: string): PlainFailure {
	let rest = reason.trim();
	let next: string | undefined;
	const retry = /^will retry: /.exec(rest);
	const gaveUp = /^gave up after (\d+) attempts?: /.exec(rest);
	if (retry) {
		rest = rest.slice(retry[0].length);
		next = 'It will be tried again by itself.';
	} else if (gaveUp) {
		rest = rest.slice(gaveUp[0].length);
		next = `After ${gaveUp[1]} tries it was not tried again: open the post to send it again or cancel it.`;
	}
	const start = Object.keys(happened).find((words) => rest.startsWith(`${words}: `));
	const detail = start ? rest.slice(start.length + 2) : rest;
	const what = start ? happened[start]! : 'The post could not be published.';
	next ??=
		start === said.noAnswer
			? 'Look on the network before it is sent again: open the post to say whether it is there.'
			: 'Open the post to see what to do: send it again once the problem is fixed, or cancel it.';
	return { what, next, detail: detail.charAt(0).toUpperCase() + detail.slice(1) };
}
