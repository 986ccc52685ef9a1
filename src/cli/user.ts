/**
 * `npm run user -- <command>`: dashboard accounts from the command line. There is no default account:
 * the first admin is made here.
 *
 *   add <email> --name "Aziza Karimova" --role admin|approver|editor   (asks for the password)
 *   list
 *   role <email> <role>
 *   password <email>                                                   (asks; signs them out everywhere)
 *   disable <email> | enable <email>
 *   unlock <email>                                                     (after too many wrong passwords)
 *
 * The password is read from the terminal without echo, or from standard input when it is piped
 * (`printf '%s\n' "$PASSWORD" | npm run user -- add …`); never from the command line, where other
 * users of the machine could see it.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { config } from '#lib/server/config.ts';
import { DatabaseMissingError, openDb, type Db } from '#lib/server/store/database.ts';
import { lockedAccounts, unlock } from '#lib/server/auth/sign-in.ts';
import { createUser, listUsers, setDisabled, setPassword, setRole, userForSignIn, UserError } from '#lib/server/auth/users.ts';

const { values: options, positionals } = parseArgs({
	allowPositionals: true,
	options: { name: { type: 'string' }, role: { type: 'string' } }
});
const [command, email, extra] = positionals;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

/** The database, which must exist: `npm run db -- init` makes it (the first user is added after). */
function open(): Db {
	try {
		return openDb(config.database, { create: false });
	} catch (error) {
		if (!(error instanceof DatabaseMissingError)) throw error;
		console.error(error.message);
		process.exit(1);
	}
}
const db = open();

async function readPassword(prompt: string): Promise<string> {
	if (!process.stdin.isTTY) {
		const lines = createInterface({ input: process.stdin });
		for await (const line of lines) return line;
		return '';
	}
	process.stdout.write(prompt);
	process.stdin.setRawMode(true);
	let password = '';
	for await (const chunk of process.stdin) {
		for (const char of String(chunk)) {
			if (char === '\r' || char === '\n') {
				process.stdin.setRawMode(false);
				process.stdout.write('\n');
				process.stdin.pause();
				return password;
			}
			if (char === '\u0003') process.exit(130);
			password = char === '\u007f' ? password.slice(0, -1) : password + char;
		}
	}
	return password;
}

const who = (address: string | undefined) => {
	if (!address) fail(`${command}: give the user's email address`);
	return userForSignIn(db, address) ?? fail(`No user ${address}`);
};

try {
	switch (command) {
		case 'add': {
			if (!email) fail('add: give the new user\'s email address: npm run user -- add name@example.org --name "…" --role admin');
			const password = await readPassword(`Password for ${email} (at least 12 characters): `);
			const user = await createUser(db, { email, name: options.name ?? '', role: options.role ?? '', password });
			console.log(`${user.email} added as ${user.role}`);
			break;
		}
		case 'list': {
			const locked = lockedAccounts(db);
			for (const user of listUsers(db)) {
				const notes = [user.disabled_at ? `disabled ${user.disabled_at}` : '', locked.includes(user.email.toLowerCase()) ? 'locked (too many wrong passwords)' : ''];
				console.log([user.email, user.role.padEnd(8), user.name, ...notes].join('  ').trim());
			}
			break;
		}
		case 'unlock':
			unlock(db, who(email).email);
			console.log(`${email} can sign in again`);
			break;
		case 'role':
			console.log(`${setRole(db, who(email).id, extra ?? '').email} is now ${extra}`);
			break;
		case 'password': {
			const user = who(email);
			await setPassword(db, user.id, await readPassword(`New password for ${user.email}: `));
			console.log(`${user.email}: password changed, every session ended`);
			break;
		}
		case 'disable':
		case 'enable':
			setDisabled(db, who(email).id, command === 'disable');
			console.log(`${email} ${command}d`);
			break;
		default:
			fail('Usage: npm run user -- add|list|role|password|disable|enable|unlock (see src/cli/user.ts)');
	}
} catch (error) {
	if (error instanceof UserError) fail(`${command}: ${error.field}: ${error.message}`);
	throw error;
}
