/**
 * resvg allocates with mimalloc, which by default gives freed memory back to the system 10 ms after it
 * is freed. Each card allocates megabytes of pixels there, freed when the event loop turns, so every
 * card would fault that memory in again: thousands of page faults and milliseconds of system time per
 * card. Kept for reuse, it is faulted in once, for a little more peak RSS (the card bench prints it).
 *
 * mimalloc reads this from the process's environment when resvg's native module first loads, so it
 * must be set before that, and on the main thread: a worker thread's `process.env` is its own copy and
 * never reaches the process (`renderAll` sets it before it starts its workers).
 */
export function keepResvgMemory(): void {
	process.env.MIMALLOC_PURGE_DELAY ??= '-1';
}
