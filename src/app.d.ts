// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '#lib/server/auth/users.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in dashboard user, on /admin pages. */
			user?: User;
		}
	}
}

export {};
