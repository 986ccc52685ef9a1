/**
 * Wall-clock times in a time zone. A post set for 18:00 in Asia/Tashkent is stored in UTC with its
 * zone, and is 18:00 there whatever the date — also in zones with daylight saving time.
 */

/** One formatter per zone: making one costs far more than using it (a queue of 5,000 posts shows 5,000 times). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
	let made = formatters.get(zone);
	if (!made) {
		made = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(zone, made);
	}
	return made;
}

/** The zone's offset from UTC, in minutes, at an instant. */
export function offsetMinutes(zone: string, instant: Date): number {
	const parts = formatter(zone).formatToParts(instant);
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the zone's clocks show `local` ("2026-03-29T02:30"). A time that does not exist
 * (clocks jumped forward) moves forward by the jump; a time that happens twice (clocks went back) is
 * the first of the two — as Temporal's "compatible" disambiguation does.
 */
export function zonedToUtc(local: string, zone: string): Date {
	const match = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
	if (!match) throw new Error(`"${local}" is not a local time like 2026-11-30T18:00`);
	const [, y, mo, d, h, mi] = match.map(Number) as number[];
	const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
	const before = offsetMinutes(zone, new Date(wall - 24 * 3600_000));
	const after = offsetMinutes(zone, new Date(wall + 24 * 3600_000));
	// Try the earlier offset first (the first of two repeated times), then the later one.
	for (const offset of [before, after]) {
		const candidate = new Date(wall - offset * 60_000);
		if (offsetMinutes(zone, candidate) === offset) return candidate;
	}
	// The time falls in a gap: use the offset from before the jump, which lands after it.
	return new Date(wall - before * 60_000);
}

/** What the zone's clocks show at an instant: "2026-11-30T18:00". */
export function utcToZoned(instant: Date, zone: string): string {
	const shifted = new Date(instant.getTime() + offsetMinutes(zone, instant) * 60_000);
	return shifted.toISOString().slice(0, 16);
}

/** Adds whole days on the zone's calendar (not 24-hour periods): 18:00 stays 18:00 across a clock change. */
export function addLocalDays(local: string, days: number): string {
	const [date, time] = local.split('T');
	const next = new Date(`${date}T00:00:00Z`);
	next.setUTCDate(next.getUTCDate() + days);
	return `${next.toISOString().slice(0, 10)}T${time}`;
}
