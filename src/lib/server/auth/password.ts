/**
 * Passwords, hashed with scrypt (Node's own; OWASP's parameters: N = 2^17, r = 8, p = 1, set in
 * config.ts). The parameters are stored with each hash, so they can be raised later without breaking
 * old ones.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { config } from '#lib/server/config.ts';
import type { Message } from '#lib/dashboard/i18n/index.ts';

type ScryptParams = { N: number; r: number; p: number };
const keyLength = 32;

function derive(password: string, salt: Buffer, options: ScryptParams): Promise<Buffer> {
	const settings: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFC'), salt, keyLength, settings, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

export const passwordRules = { min: 12, max: 200 };

/** What is wrong with a new password, or undefined when it will do. */
export function passwordProblem(password: string): Message | undefined {
	if (password.length < passwordRules.min) return { key: 'error.passwordShort', params: { min: passwordRules.min } };
	if (password.length > passwordRules.max) return { key: 'error.passwordLong', params: { max: passwordRules.max } };
	return undefined;
}

export async function hashPassword(password: string, params: ScryptParams = config.scrypt): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, params);
	return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, N, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64url');
	const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checked against when an account does not exist, so that a wrong address takes as long as a wrong password. */
export const decoyHash = `scrypt$${config.scrypt.N}$${config.scrypt.r}$${config.scrypt.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;
