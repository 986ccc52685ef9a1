/**
 * What every channel's HTTP needs alike: reading an answer's JSON, how long a network asks us to wait,
 * and keeping secrets out of every message. (A failed fetch in the shared words is `failedFetch` in types.ts.)
 */

export type Json = Record<string, unknown>;

/** An answer's body as a JSON object; undefined when it is not JSON or not an object (a proxy's error page, a list). */
export function jsonObject(text: string): Json | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
	} catch {
		return undefined;
	}
}

/** Retry-After (RFC 9110): delay-seconds or an HTTP date → milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
	const value = header?.trim();
	if (!value) return undefined;
	if (/^\d+$/.test(value)) return Number(value) * 1000;
	if (/^-/.test(value)) return undefined;
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A rate limit's reset moment → milliseconds from `now`: unix seconds (RateLimit-Reset, as Bluesky
 * sends it) or a date (X-RateLimit-Reset, as Mastodon sends it); undefined when absent or unreadable.
 */
export function resetMs(header: string | null | undefined, now: number): number | undefined {
	const value = header?.trim();
	if (!value) return undefined;
	const at = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil(at - now));
}

/**
 * `text` with every secret (as given and URL-encoded) replaced by `mark`, longest first so that no part
 * of a longer secret is left. Empty secrets, and those shorter than `minLength` (ordinary words, not
 * secrets), are left alone.
 */
export function redact(text: string, secrets: Iterable<string | undefined>, { mark = '[redacted]', minLength = 1 }: { mark?: string; minLength?: number } = {}): string {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (!secret || secret.length < minLength) continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
	}
	return [...forms].sort((a, b) => b.length - a.length).reduce((result, form) => result.split(form).join(mark), text);
}
