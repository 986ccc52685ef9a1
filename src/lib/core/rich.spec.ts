import { describe, expect, test } from 'vitest';
import { parseRich, plainText } from './rich.ts';

describe('glossary links in content text', () => {
	test.each([
		['no links', ['no links']],
		['[[wto]] helps', [{ term: 'wto' }, ' helps']],
		['better [[connectivity|links]] now', ['better ', { term: 'connectivity', text: 'links' }, ' now']],
		['[[a|x]][[b]]', [{ term: 'a', text: 'x' }, { term: 'b' }]]
	])('%s', (source, parts) => {
		expect(parseRich(source)).toEqual(parts);
	});

	test('plain text shows the words a reader sees', () => {
		expect(plainText('Join the [[wto]] and get [[connectivity|better links]].', (id) => id.toUpperCase())).toBe(
			'Join the WTO and get better links.'
		);
	});
});
