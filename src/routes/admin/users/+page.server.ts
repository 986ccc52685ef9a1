import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { roles } from '#lib/server/auth/roles.ts';
import { lockedAccounts, unlock } from '#lib/server/auth/sign-in.ts';
import { createUser, findUser, listUsers, setDisabled, setRole, UserError } from '#lib/server/auth/users.ts';
import { database } from '#lib/server/store/shared.ts';
import { text } from '../posts/fields.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const me = requireRole(locals, 'admin');
	const locked = lockedAccounts(database());
	const users = listUsers(database()).map((user) => ({ ...user, locked: locked.includes(user.email.toLowerCase()) }));
	return { users, roles, me: me.id };
};

/** A user problem shown next to its field (for the user it concerns, when it is a row's form). */
const problem = (error: unknown, values: Record<string, string>, userId?: number) => {
	if (error instanceof UserError) return fail(400, { userId, values, errors: { [error.field]: error.problem } });
	throw error;
};

export const actions: Actions = {
	add: async ({ request, locals }) => {
		requireRole(locals, 'admin');
		const form = await request.formData();
		const values = { email: text(form, 'email'), name: text(form, 'name'), role: text(form, 'role') };
		try {
			const user = await createUser(database(), { ...values, password: text(form, 'password') });
			return { added: user.email };
		} catch (error) {
			return problem(error, values);
		}
	},
	role: async ({ request, locals }) => {
		requireRole(locals, 'admin');
		const form = await request.formData();
		const id = Number(text(form, 'id'));
		try {
			setRole(database(), id, text(form, 'role'));
		} catch (error) {
			return problem(error, {}, id);
		}
		redirect(303, '/admin/users/');
	},
	unlock: async ({ request, locals }) => {
		requireRole(locals, 'admin');
		const user = findUser(database(), Number(text(await request.formData(), 'id')));
		if (user) unlock(database(), user.email);
		redirect(303, '/admin/users/');
	},
	disable: async ({ request, locals }) => {
		requireRole(locals, 'admin');
		const form = await request.formData();
		const id = Number(text(form, 'id'));
		try {
			setDisabled(database(), id, text(form, 'disabled') === 'true');
		} catch (error) {
			return problem(error, {}, id);
		}
		redirect(303, '/admin/users/');
	}
};
