// Enhances the share boxes: shows the native share button where the Web Share API exists and a copy
// button where the clipboard can be written. Without this script the plain links still work.
for (const box of document.querySelectorAll('[data-share]')) {
	const url = box.getAttribute('data-url') || location.href;
	const text = box.getAttribute('data-text') || document.title;
	const native = box.querySelector('[data-share-native]');
	if (native && navigator.share) {
		native.parentElement.hidden = false;
		native.addEventListener('click', () => navigator.share({ url, text }).catch(() => {}));
	}
	const copy = box.querySelector('[data-share-copy]');
	if (copy && navigator.clipboard && window.isSecureContext) {
		copy.parentElement.hidden = false;
		copy.addEventListener('click', async () => {
			const status = copy.parentElement.querySelector('[role=status]');
			try {
				await navigator.clipboard.writeText(url);
				status.textContent = copy.getAttribute('data-copied');
			} catch {
				box.querySelector('input')?.select();
			}
		});
	}
}
