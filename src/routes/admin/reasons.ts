/**
 * The audit log's reasons and a channel's pause reason, in the reader's language.
 *
 * They are stored as written, in English (the queue, the publisher and the CLIs write them; `npm run
 * queue -- show` prints them; rows written before this page read them keep their meaning). The page
 * reads each one back into a catalogue key and its parameters: the words the queue and the publisher
 * write are a small fixed set (reasons.spec.ts drives the real queue through every one of them). What
 * is not ours to translate — a network's own words, an address, a post's id on the network — is kept
 * as it came, as a parameter. A reason this page does not know is shown as it is stored.
 *
 * The reasons the dashboard's own actions add (a move on the calendar or in bulk) are made here too,
 * beside the pattern that reads them back.
 */
import { said } from '#lib/core/delivery.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';
import { plainFailure } from './channels/failure.ts';

/** Why a post was moved, as the audit log keeps it after "edited (scheduled_utc): ". */
export const movedWhy = {
	/** Dragged, or its Move form, on the calendar: "moved on the calendar to 2033-03-27 10:00 Europe/Brussels". */
	calendar: (shown: string) => `moved on the calendar to ${shown}`,
	/** In bulk by a number of days: "moved 2 days later". */
	days: (days: number) => `moved ${Math.abs(days)} ${Math.abs(days) === 1 ? 'day' : 'days'} ${days > 0 ? 'later' : 'earlier'}`,
	/** In bulk to a date and time: "moved to 2033-04-04 18:30 Europe/Brussels". */
	to: (shown: string) => `moved to ${shown}`
};

/** The columns an edit names ("edited (caption, scheduled_utc)"), in words. */
const fieldKeys = {
	caption: 'audit.field.caption',
	alt: 'audit.field.alt',
	scheduled_utc: 'audit.field.time',
	zone: 'audit.field.zone',
	channel: 'audit.field.channel',
	nothing: 'audit.field.nothing'
} as const;

function why(text: string): Message | undefined {
	let match: RegExpExecArray | null;
	if ((match = /^moved on the calendar to (.+)$/.exec(text))) return message('audit.why.calendar', { when: match[1] });
	if ((match = /^moved (\d+) days? (later|earlier)$/.exec(text))) return message(match[2] === 'later' ? 'audit.why.later' : 'audit.why.earlier', { count: Number(match[1]) });
	if ((match = /^moved to (.+)$/.exec(text))) return message('audit.why.to', { when: match[1] });
	return undefined;
}

function edited(reason: string): Message | undefined {
	// "edited (caption)", "edited (caption): needs approval again", "edited (scheduled_utc): moved 2 days later; needs approval again"
	const again = /[;:] needs approval again$/.exec(reason);
	const match = /^edited \(([a-z_, ]+)\)(?:: (.+))?$/.exec(again ? reason.slice(0, again.index) : reason);
	if (!match) return undefined;
	const names = match[1]!.split(', ');
	if (!names.every((name) => name in fieldKeys)) return undefined;
	const fields = names.map((name) => message(fieldKeys[name as keyof typeof fieldKeys]));
	const because = match[2] === undefined ? undefined : why(match[2]);
	if (match[2] !== undefined && !because) return undefined;
	const said = because ? message('audit.editedWhy', { fields, why: because }) : message('audit.edited', { fields });
	return again ? message('audit.needsApprovalAgain', { what: said }) : said;
}

/** "telegram recognises a repeat for 60 min from the first attempt, and that has passed" (core/delivery.ts windowPassed). */
const windowPassed = /^([\w-]+) recognises a repeat for (\d+) min from the first attempt, and that has passed$/;

/** Our own words after "not sent: " or "sent, no answer (may be published): ", where they are ours. */
function ownFailure(rest: string): Message | undefined {
	const noAnswer = escape(said.noAnswer);
	let match: RegExpExecArray | null;
	if ((match = new RegExp(`^${said.notSent}: Channel "([\\w-]+)" is not configured\\b`).exec(rest))) return message('audit.notSetUp', { channel: match[1] });
	if ((match = new RegExp(`^${said.notSent}: ([\\w-]+) is paused$`).exec(rest))) return message('audit.paused', { channel: match[1] });
	if (new RegExp(`^${said.notSent}: lease of .+ expired before its request started; back in the queue$`).test(rest)) return message('audit.lease.notStarted');
	if ((match = new RegExp(`^${noAnswer}: lease of .+ expired mid-send; repeat is safe on ([\\w-]+)$`).exec(rest))) return message('audit.lease.repeat', { channel: match[1] });
	if ((match = new RegExp(`^${noAnswer}: lease of .+ expired mid-send on attempt \\d+ of (\\d+): attempts used up; check ([\\w-]+) before a retry$`).exec(rest)))
		return message('audit.lease.usedUp', { count: Number(match[1]), channel: match[2] });
	if ((match = new RegExp(`^${noAnswer}: lease of .+ expired mid-send(?:; .+)?; check ([\\w-]+) before sending again$`).exec(rest))) return message('audit.lease.check', { channel: match[1] });
	if ((match = new RegExp(`^${noAnswer}: an earlier attempt may have posted it, and it is not sent again: (.+)$`).exec(rest))) {
		const passed = windowPassed.exec(match[1]!);
		if (passed) return message('audit.notAgain', { channel: passed[1], minutes: passed[2] });
	}
	return undefined;
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A failure in the publisher's words: said as the channels page says it, the network's words after. */
function failure(reason: string): Message {
	const plain = plainFailure(reason);
	return plain.detail ? message('audit.failure', { what: plain.what, next: plain.next, detail: plain.detail }) : message('audit.failureBare', { what: plain.what, next: plain.next });
}

/** An address the network gave that is not kept ("is not an http(s) address (javascript:): no address kept"). */
function notKept(text: string): Message | undefined {
	const match = /^is not an http\(s\) address(?: \((.+)\))?: no address kept$/.exec(text);
	return match ? message('audit.notHttp', { scheme: match[1] ?? '–' }) : undefined;
}

const exact: Record<string, Message> = {
	created: message('audit.created'),
	approved: message('audit.approved'),
	'approved (with the card of the content now)': message('audit.approvedCard'),
	'caption, alt and card made again from a newer version of the content': message('audit.refreshed'),
	'caption, alt and card made again from a newer version of the content: needs approval again': message('audit.needsApprovalAgain', { what: message('audit.refreshed') }),
	cancelled: message('audit.cancelled'),
	'restored to draft: needs approval again': message('audit.restored'),
	'retry requested': message('audit.retry'),
	'released unsent: the publisher is stopping': message('audit.released'),
	'checked: was not published, send again': message('audit.checkedAgain')
};

/** One audit-log reason (or a post's last error), as a message in the reader's language. */
export function auditReason(reason: string): Message {
	const known = exact[reason];
	if (known) return known;
	let match: RegExpExecArray | null;
	const changed = edited(reason);
	if (changed) return changed;
	if ((match = /^claimed for attempt (\d+)$/.exec(reason))) return message('audit.claimed', { count: Number(match[1]) });
	if ((match = /^attempt (\d+): request started$/.exec(reason))) return message('audit.started', { count: Number(match[1]) });
	if ((match = /^published as (.+?)(?:; the address it gave (.+))?$/.exec(reason))) {
		if (match[2] === undefined) return message('audit.published', { id: match[1] });
		const why = notKept(match[2]);
		if (why) return message('audit.publishedNoLink', { id: match[1], why });
	}
	if ((match = /^checked: was published at (.+)$/.exec(reason))) return message('audit.checkedPublished', { url: match[1] });
	if ((match = /^checked: was published; the address given (.+)$/.exec(reason))) {
		const why = notKept(match[1]!);
		if (why) return message('audit.checkedNoLink', { why });
	}
	// The publisher's: "waits: …", "will retry: …", "gave up after N attempts: …", or a failure as it was said.
	if ((match = /^waits: (.+)$/.exec(reason))) {
		const own = ownFailure(match[1]!);
		if (own) return message('audit.waits', { what: own });
		const plain = plainFailure(match[1]!);
		return message('audit.waitsSaid', { what: plain.what, detail: plain.detail });
	}
	if ((match = /^will retry: (.+)$/.exec(reason))) {
		const own = ownFailure(match[1]!);
		return own ? message('audit.willRetry', { what: own }) : failure(reason);
	}
	if ((match = /^gave up after (\d+) attempts?: (.+)$/.exec(reason))) {
		const own = ownFailure(match[2]!);
		return own ? message('audit.gaveUp', { count: Number(match[1]), what: own }) : failure(reason);
	}
	const own = ownFailure(reason);
	if (own) return own;
	if (Object.values(said).some((words) => reason.startsWith(`${words}: `))) return failure(reason);
	return message('audit.asStored', { text: reason });
}

/**
 * Why a channel is paused (the scheduler's pauses say; an admin's do not), in the reader's language. The
 * scheduler pauses a channel whose network refuses its credentials, saying "needs a new token: Mastodon
 * refused MASTODON_TOKEN", "needs a new token: Meta refused Instagram's token (…)", "needs a new app
 * password: Bluesky refused …": the network is kept, the setting's name (for the README) is not.
 */
export function pauseReason(reason: string): Message {
	const match = /^needs a new (token|app password): (?:Meta refused (.+?)'s token|(.+?) refused)\b/.exec(reason);
	if (match) return message(match[1] === 'token' ? 'pause.newToken' : 'pause.newPassword', { network: match[2] ?? match[3] });
	return message('audit.asStored', { text: reason });
}
