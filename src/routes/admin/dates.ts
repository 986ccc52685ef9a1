/** How the dashboard's pages show dates and times (browser-safe). The zones it offers are in core/catalogue.ts. */

/** "2026-12-07 13:00" from an ISO instant, in UTC. */
export const dateTime = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');

/** "3 min ago", "2 h ago". */
export function ago(iso: string, nowIso: string): string {
	const seconds = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000));
	if (seconds < 90) return `${seconds} s ago`;
	if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
	if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h ago`;
	return `${Math.round(seconds / 86400)} days ago`;
}
