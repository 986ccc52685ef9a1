import { redirect } from '@sveltejs/kit';
import { endSession, sessionCookie } from '$lib/server/auth/sessions';
import { database } from '$lib/server/db/shared';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/admin/');

export const actions: Actions = {
	default: ({ cookies, url }) => {
		endSession(database(), cookies.get(sessionCookie));
		cookies.delete(sessionCookie, { path: '/admin', secure: url.protocol === 'https:' });
		redirect(303, '/admin/sign-in/');
	}
};
