/** A fake Facebook (Graph API) on 127.0.0.1: the shared Graph fake (graph.ts) with Facebook's paths and limits. */
import { startFakeGraph, type FakeGraph } from './graph.ts';

export type { Behaviour, FakeGraph, Route } from './graph.ts';

export function startFakeFacebook(options: Parameters<typeof startFakeGraph>[1] = {}): Promise<FakeGraph> {
	return startFakeGraph('facebook', options);
}
