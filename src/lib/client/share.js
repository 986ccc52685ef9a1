// Enhances the share boxes: shows the native share button where the Web Share API exists and a copy
// button where the clipboard can be written. Without this script the plain links still work.
for (const box of document.querySelectorAll('[data-share]')) {
	const url = box.getAttribute('data-url') || location.href;
	const text = box.getAttribute('data-text') || document.title;

	const native = box.querySelector('.share-native');
	if (native instanceof HTMLElement && 'share' in navigator) {
		native.hidden = false;
		native.querySelector('button')?.addEventListener('click', () => {
			navigator.share({ url, text }).catch(() => {});
		});
	}

	const copy = box.querySelector('.share-copy');
	const button = copy?.querySelector('button');
	const status = copy?.querySelector('[role=status]');
	const field = box.querySelector('input');
	if (copy instanceof HTMLElement && button && status && navigator.clipboard && window.isSecureContext) {
		copy.hidden = false;
		button.addEventListener('click', async () => {
			try {
				await navigator.clipboard.writeText(url);
				status.textContent = button.getAttribute('data-copied');
			} catch {
				field?.select();
			}
		});
	}
}

export {};
