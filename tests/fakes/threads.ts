/** A fake Threads (Graph API) on 127.0.0.1: the shared Graph fake (graph.ts) with Threads's paths and limits. */
import { startFakeGraph, type FakeGraph } from './graph.ts';

export type { Behaviour, FakeGraph, Route } from './graph.ts';

export function startFakeThreads(options: Parameters<typeof startFakeGraph>[1] = {}): Promise<FakeGraph> {
	return startFakeGraph('threads', options);
}
