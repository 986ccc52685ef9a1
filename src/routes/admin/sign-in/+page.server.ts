import { fail, redirect } from '@sveltejs/kit';
import { sessionCookie, createSession } from '#lib/server/auth/sessions.ts';
import { passwordRules } from '#lib/server/auth/password.ts';
import { signIn, signInMessages } from '#lib/server/auth/sign-in.ts';
import { emailMax } from '#lib/server/auth/users.ts';
import { database } from '#lib/server/store/shared.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';
import type { Actions, PageServerLoad } from './$types';

/** Where to go after signing in: only a dashboard page on this site, as a clean path. */
function next(url: URL): string {
	const asked = url.searchParams.get('next') ?? '';
	if (!asked.startsWith('/') || /[\u0000-\u001f\u007f\u2028\u2029\\]/.test(asked)) return '/admin/';
	const target = new URL(asked, url.origin);
	const ok = target.origin === url.origin && target.pathname.startsWith('/admin/') && !target.pathname.startsWith('/admin/sign-');
	return ok ? target.pathname + target.search : '/admin/';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, next(url));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const errors: Record<string, Message> = {};
		if (!email) errors.email = message('signIn.error.email');
		else if (email.length > emailMax) errors.email = message('error.emailTooLong', { max: emailMax });
		if (!password) errors.password = message('signIn.error.password');
		else if (password.length > passwordRules.max) errors.password = message('signIn.error.passwordLong', { max: passwordRules.max });
		// Refused before anything is stored or hashed; an over-long email is not sent back into the form.
		if (Object.keys(errors).length) return fail(400, { email: email.length > emailMax ? '' : email, errors });

		const db = database();
		const result = await signIn(db, email, password, getClientAddress());
		if (!result.ok) {
			const status = { locked: 429, busy: 503, wrong: 400 }[result.reason];
			return fail(status, { email, errors: { form: signInMessages[result.reason] } });
		}
		const { token, expires } = createSession(db, result.user.id);
		cookies.set(sessionCookie, token, {
			path: '/admin',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires
		});
		redirect(303, next(url));
	}
};
