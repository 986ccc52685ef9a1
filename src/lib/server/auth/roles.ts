/**
 * Roles, each including the one before: an `editor` creates and edits drafts and leaves review notes;
 * an `approver` also approves, schedules, cancels, restores, retries and resolves (also in bulk); an
 * `admin` also manages users and channels. What each may do, in words for the team, is in the
 * dashboard's catalogue (`role.*.about`).
 */
export const roles = ['editor', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

/** Whether someone with `role` may do what needs `needed`. */
export const allows = (role: Role, needed: Role): boolean => roles.indexOf(role) >= roles.indexOf(needed);
