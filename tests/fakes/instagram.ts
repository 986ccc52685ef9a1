/** A fake Instagram (Graph API) on 127.0.0.1: the shared Graph fake (graph.ts) with Instagram's paths and limits. */
import { startFakeGraph, type FakeGraph } from './graph.ts';

export type { Behaviour, FakeGraph, Route } from './graph.ts';

export function startFakeInstagram(options: Parameters<typeof startFakeGraph>[1] = {}): Promise<FakeGraph> {
	return startFakeGraph('instagram', options);
}
