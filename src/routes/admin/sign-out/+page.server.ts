import { redirect } from '@sveltejs/kit';
import { endSession, sessionCookie } from '#lib/server/auth/sessions.ts';
import { database } from '#lib/server/store/shared.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/admin/');

export const actions: Actions = {
	default: ({ cookies, url }) => {
		endSession(database(), cookies.get(sessionCookie));
		cookies.delete(sessionCookie, { path: '/admin', secure: url.protocol === 'https:' });
		redirect(303, '/admin/sign-in/');
	}
};
