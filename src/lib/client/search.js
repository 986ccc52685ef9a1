// Search with Pagefind. The index for the page's language is picked by Pagefind from <html lang>.
// Without JavaScript the page shows a list of all topics instead.
const form = document.querySelector('[data-search]');
const input = form?.querySelector('input[name=q]');
const status = document.querySelector('[data-search-status]');
const list = document.querySelector('[data-search-results]');
const fallback = document.querySelector('[data-search-fallback]');

if (form && input && status && list) {
	if (fallback) fallback.hidden = true;
	const strings = JSON.parse(form.getAttribute('data-strings') || '{}');
	const plural = new Intl.PluralRules(document.documentElement.lang);
	const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, key) => (key in values ? values[key] : m));
	/** @type {Promise<any> | undefined} */
	let pagefind;
	let latest = 0;

	// Pagefind's excerpts mark matches with <mark>; copy only text and marks, never other markup.
	const excerpt = (html) => {
		const p = document.createElement('p');
		const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
		for (const node of doc.body.childNodes) {
			if (node.nodeName === 'MARK') {
				const mark = document.createElement('mark');
				mark.textContent = node.textContent;
				p.append(mark);
			} else {
				p.append(document.createTextNode(node.textContent || ''));
			}
		}
		return p;
	};

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
		pagefind ??= import(/* @vite-ignore */ '/pagefind/pagefind.js');
		const engine = await pagefind;
		const search = await engine.search(query);
		const results = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
		if (id !== latest) return;
		const count = search.results.length;
		const template = count === 0 ? strings.none : strings.results[plural.select(count)] || strings.results.other;
		status.textContent = fill(template, { count, query });
		list.replaceChildren(
			...results.map((result) => {
				const li = document.createElement('li');
				const h2 = document.createElement('h2');
				const a = document.createElement('a');
				a.href = result.url;
				a.textContent = result.meta?.title || result.url;
				h2.append(a);
				li.append(h2, excerpt(result.excerpt));
				return li;
			})
		);
	};

	let timer;
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
