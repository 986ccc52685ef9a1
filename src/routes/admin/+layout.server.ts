import { allows } from '#lib/server/auth/roles.ts';
import { defaultLanguage } from '#lib/dashboard/i18n/index.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		/** The language every dashboard page speaks: the user's choice, or on the sign-in page the browser's. */
		lang: locals.lang ?? defaultLanguage,
		user: user ? { name: user.name, email: user.email, role: user.role } : null,
		can: {
			approve: user ? allows(user.role, 'approver') : false,
			administer: user ? allows(user.role, 'admin') : false
		}
	};
};
