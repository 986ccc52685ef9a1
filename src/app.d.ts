// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '#lib/server/auth/users.ts';
import type { Language } from '#lib/dashboard/i18n/index.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A dashboard page refused for a role: the role it needs, for the page to say in the reader's language. */
			needs?: import('#lib/server/auth/roles.ts').Role;
		}
		interface Locals {
			/** The signed-in dashboard user, on /admin pages. */
			user?: User;
			/** The dashboard's language for this request: the user's, or on the sign-in page the browser's. */
			lang?: Language;
		}
	}
}

export {};
