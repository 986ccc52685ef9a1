// Search with Pagefind. Pagefind picks the index for the page's language from <html lang>.
// Without JavaScript the page shows a list of all topics instead.

/**
 * @typedef {{ url: string, excerpt: string, meta?: { title?: string } }} ResultData
 * @typedef {{ search(query: string): Promise<{ results: { data(): Promise<ResultData> }[] }> }} Pagefind
 * @typedef {{ loading: string, none: string, results: Record<string, string> }} Strings
 */

const form = document.querySelector('form[data-search]');
const input = form?.querySelector('input[name=q]');
const status = document.querySelector('[data-search-status]');
const list = document.querySelector('[data-search-results]');
const fallback = document.querySelector('[data-search-fallback]');

if (form instanceof HTMLFormElement && input instanceof HTMLInputElement && status && list) {
	if (fallback instanceof HTMLElement) fallback.hidden = true;
	/** @type {Strings} */
	const strings = JSON.parse(form.getAttribute('data-strings') || '{}');
	const plural = new Intl.PluralRules(document.documentElement.lang);
	/** @type {Promise<Pagefind> | undefined} */
	let pagefind;
	let latest = 0;
	/** @type {ReturnType<typeof setTimeout> | undefined} */
	let timer;

	/** @param {string} template @param {Record<string, string | number>} values */
	const fill = (template, values) =>
		template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));

	/** Pagefind marks matches with <mark>; copy only text and marks, never other markup. @param {string} html */
	const excerpt = (html) => {
		const p = document.createElement('p');
		const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
		for (const node of doc.body.childNodes) {
			if (node.nodeName === 'MARK') {
				const mark = document.createElement('mark');
				mark.textContent = node.textContent;
				p.append(mark);
			} else {
				p.append(document.createTextNode(node.textContent ?? ''));
			}
		}
		return p;
	};

	/** @param {ResultData} result */
	const item = (result) => {
		const li = document.createElement('li');
		const heading = document.createElement('h2');
		const link = document.createElement('a');
		link.href = result.url;
		link.textContent = result.meta?.title || result.url;
		heading.append(link);
		li.append(heading, excerpt(result.excerpt));
		return li;
	};

	/** @param {string} query */
	const run = async (query) => {
		const id = ++latest;
		const url = new URL(location.href);
		if (query) url.searchParams.set('q', query);
		else url.searchParams.delete('q');
		history.replaceState(null, '', url);
		if (!query) {
			status.textContent = '';
			list.replaceChildren();
			return;
		}
		status.textContent = strings.loading;
		// A topic page is long and a fact page short: with Pagefind's default bias towards short pages, a
		// fact that names a subject outranks the topic about it. Length counts for little here.
		pagefind ??= import(/* @vite-ignore */ `${'/pagefind/pagefind.js'}`).then(async (loaded) => {
			await loaded.options({ ranking: { pageLength: 0.1 } });
			return loaded;
		});
		const search = await (await pagefind).search(query);
		const results = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
		if (id !== latest) return;
		const count = search.results.length;
		const template =
			count === 0 ? strings.none : (strings.results[plural.select(count)] ?? strings.results.other ?? '');
		status.textContent = fill(template, { count, query });
		list.replaceChildren(...results.map(item));
	};

	input.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => run(input.value.trim()), 200);
	});
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		run(input.value.trim());
	});
	const initial = new URLSearchParams(location.search).get('q');
	if (initial) {
		input.value = initial;
		run(initial.trim());
	}
}

export {};
