/**
 * resvg allocates with mimalloc, which by default gives freed memory back to the system 10 ms after it
 * is freed. Each og card allocates ≈9 MB of pixels there, freed when the event loop turns, so every
 * card faulted that memory in again: ≈1,900 page faults and 3–4 ms of system time per card, measured.
 * Kept for reuse, it is faulted in once (peak RSS over 2,000 cards +10 MB: 363 MB, with the ≈74 MB of
 * Playwright the benchmark then held).
 *
 * mimalloc reads this from the process's environment when resvg's native module first loads, so it
 * must be set before that, and on the main thread: a worker thread's `process.env` is its own copy and
 * never reaches the process. Card workers ran without it until session 3: a full `npm run cards` had
 * 3.1 million page faults and 10.3 s of system time, against 0.28 million and 2.4 s with it.
 */
export function keepResvgMemory(): void {
	process.env.MIMALLOC_PURGE_DELAY ??= '-1';
}
