/** The stylesheet of the topics' colours, made from the content (see `topicClass` in core/look.ts). */
import { topicClass } from '#lib/core/look.ts';

export function topicStyles(topics: readonly { slug: string; colour: string }[]): string {
	return topics.map((topic) => `.${topicClass(topic.slug)}{--topic:${topic.colour}}`).join('\n') + '\n';
}
