import { redirect } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { setLanguage, UserError } from '#lib/server/auth/users.ts';
import { database } from '#lib/server/store/shared.ts';
import { text } from '../posts/fields.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/admin/');

/** Back to the dashboard page the switch was pressed on: only a dashboard path on this site. */
function back(value: string, url: URL): string {
	if (!value.startsWith('/') || /[\u0000-\u001f\u007f\u2028\u2029\\]/.test(value)) return '/admin/';
	const target = new URL(value, url.origin);
	const ok = target.origin === url.origin && target.pathname.startsWith('/admin/') && !target.pathname.startsWith('/admin/sign-');
	return ok ? target.pathname + target.search : '/admin/';
}

export const actions: Actions = {
	/** The language switch in the dashboard's bar: kept with the account, so every later session speaks it. */
	default: async ({ request, locals, url }) => {
		const user = requireRole(locals, 'editor');
		const form = await request.formData();
		try {
			setLanguage(database(), user.id, text(form, 'language'));
		} catch (problem) {
			// Only a hand-made request names another language: the page stays as it was.
			if (!(problem instanceof UserError)) throw problem;
		}
		redirect(303, back(text(form, 'back'), url));
	}
};
