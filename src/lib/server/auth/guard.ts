/** The server-side check behind every dashboard page and action: hiding a button is not a check. */
import { error, redirect } from '@sveltejs/kit';
import { allows, type Role } from './roles.ts';
import type { User } from './users.ts';

export function requireRole(locals: App.Locals, role: Role): User {
	const user = locals.user;
	if (!user) redirect(303, '/admin/sign-in/');
	if (!allows(user.role, role)) error(403, { message: `This needs the ${role} role; you are signed in as ${user.role}.`, needs: role });
	return user;
}

/** How a user appears in the audit log. */
export const actorName = (user: User) => `${user.name} <${user.email}>`;
