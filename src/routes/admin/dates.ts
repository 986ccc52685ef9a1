/**
 * How the dashboard shows a post's planned time (browser-safe): as digits, the same in every language
 * and the same as the date and time fields, so a time read on a page can be typed into a form. Moments
 * that happened (history, last runs) are written in the reader's language: `t.when` in the catalogue.
 * The zones it offers are in core/catalogue.ts.
 */

/** "2026-12-07 13:00" from an ISO instant, in UTC. */
export const dateTime = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');
