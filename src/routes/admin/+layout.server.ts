import { allows } from '#lib/server/auth/roles.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		user: user ? { name: user.name, email: user.email, role: user.role } : null,
		can: {
			approve: user ? allows(user.role, 'approver') : false,
			administer: user ? allows(user.role, 'admin') : false
		}
	};
};
