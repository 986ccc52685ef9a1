/**
 * The built site as deployed: `node src/serve.js` behind a real nginx running deploy/nginx.conf, all in a
 * temporary folder, on free ports, as the current user. Used by deploy/nginx.process.spec.ts and
 * bench/deploy. nginx serves https with a certificate made for 127.0.0.1 on the spot, and its plain-http
 * server (the redirect) on a second port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** What deploy/nginx.conf says that a deployment (and so this test) replaces, and with what here. */
function placeholders(dir: string, ports: { https: number; http: number; node: number }): [string, string][] {
	return [
		['/etc/nginx/snippets/caravan-headers.conf', join(dir, 'caravan-headers.conf')],
		['/etc/letsencrypt/live/caravan.example.org/fullchain.pem', join(dir, 'cert.pem')],
		['/etc/letsencrypt/live/caravan.example.org/privkey.pem', join(dir, 'key.pem')],
		['/var/log/nginx/caravan.access.log', join(dir, 'access.log')],
		['/srv/caravan', root],
		['127.0.0.1:3000', `127.0.0.1:${ports.node}`],
		['listen 443 ', `listen 127.0.0.1:${ports.https} `],
		['listen 80;', `listen 127.0.0.1:${ports.http};`],
		['caravan.example.org', '127.0.0.1']
	];
}

/** nginx's path, or an error that says how to get it: the deployment is tested with a real one. */
export function nginxPath(): string {
	const found = spawnSync('sh', ['-c', 'command -v nginx'], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin:/usr/local/sbin` }, encoding: 'utf8' });
	const path = found.stdout.trim();
	if (found.status !== 0 || !path) {
		throw new Error(
			'nginx is not installed, and deploy/nginx.conf is tested by running it in front of the built server. ' +
				'Install it (Debian and Ubuntu: `apt-get install nginx`; .ci/run does this in CI) and run the test again.'
		);
	}
	return path;
}

/** Where this nginx keeps mime.types (beside its own nginx.conf), which the main configuration includes. */
function mimeTypes(nginx: string): string {
	const built = spawnSync(nginx, ['-V'], { encoding: 'utf8' });
	const conf = /--conf-path=(\S+)/.exec(`${built.stdout}${built.stderr}`)?.[1] ?? '/etc/nginx/nginx.conf';
	const file = join(dirname(conf), 'mime.types');
	if (!existsSync(file)) throw new Error(`nginx's mime.types is not at ${file} (beside its --conf-path, ${conf})`);
	return file;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Waits until something accepts connections on the port, or the process exits (then throws with `output`). */
async function listening(port: number, child: ChildProcess, output: () => string, what: string, ms = 20_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`${what} did not listen on port ${port} within ${ms / 1000} s:\n${output()}`);
}

export interface Deployed {
	/** nginx's https address, the one readers use (ORIGIN). */
	url: string;
	/** nginx's plain-http address (the server that redirects to https). */
	httpUrl: string;
	/** Node's own address, behind nginx. */
	nodeUrl: string;
	/** The certificate nginx presents, for clients to trust. */
	ca: Buffer;
	dataDir: string;
	database: string;
	/** nginx's access log, in the combined format. */
	accessLog: string;
	/** The processes: Node's, and nginx's master (its workers are its children). */
	pids: { node: number; nginx: number };
	/** What Node and nginx printed, for failure messages. */
	output: () => string;
	stop: () => Promise<void>;
}

/**
 * Starts Node and nginx in front of it on the built site (`npm run build` first). The database is made
 * empty, as `npm run db -- init` makes it. `workers`: nginx's worker_processes.
 */
export async function deploy({ workers = '1' }: { workers?: string } = {}): Promise<Deployed> {
	const nginx = nginxPath();
	if (!existsSync(join(root, 'build/handler.js'))) throw new Error('There is no build to serve: run `npm run build` first.');
	const dir = mkdtempSync(join(tmpdir(), 'caravan-nginx-'));
	const children: ChildProcess[] = [];
	let output = '';
	const stop = async () => {
		for (const child of children.reverse()) {
			if (child.exitCode !== null || child.signalCode !== null) continue;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
		if (made.status !== 0) throw new Error(`openssl could not make a test certificate (is it installed?): ${made.error?.message ?? made.stderr}`);

		const ports = { https: await freePort(), http: await freePort(), node: await freePort() };
		const url = `https://127.0.0.1:${ports.https}`;
		const dataDir = join(dir, 'data');
		const database = join(dataDir, 'caravan.db');
		mkdirSync(dataDir);
		spawnOk(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', 'init'], { CARAVAN_DATA_DIR: dataDir, CARAVAN_DATABASE: database });

		// Node as deploy/caravan.env.example configures it behind the proxy, with this test's address and folders.
		const example = environmentFile(join(root, 'deploy/caravan.env.example'));
		const node = spawn(process.execPath, ['src/serve.js'], {
			cwd: root,
			env: {
				...process.env,
				ADDRESS_HEADER: example.ADDRESS_HEADER,
				XFF_DEPTH: example.XFF_DEPTH,
				PROTOCOL_HEADER: example.PROTOCOL_HEADER,
				HOST: '127.0.0.1',
				PORT: String(ports.node),
				ORIGIN: url,
				CARAVAN_DATA_DIR: dataDir,
				CARAVAN_DATABASE: database,
				CARAVAN_TEST_SCRYPT_N: '1024'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		children.push(node);
		node.stdout!.on('data', (chunk: Buffer) => (output += chunk));
		node.stderr!.on('data', (chunk: Buffer) => (output += chunk));

		let site = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
		for (const [from, to] of placeholders(dir, ports)) {
			if (!site.includes(from)) throw new Error(`deploy/nginx.conf no longer has "${from}", which the test replaces (tests/nginx.ts)`);
			site = site.replaceAll(from, to);
		}
		writeFileSync(join(dir, 'caravan.conf'), site);
		writeFileSync(join(dir, 'caravan-headers.conf'), readFileSync(join(root, 'deploy/security-headers.conf')));
		for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
		// What a distribution's nginx.conf has around its sites (Debian's includes mime.types the same way).
		writeFileSync(
			join(dir, 'nginx.conf'),
			`daemon off;
worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
    include ${mimeTypes(nginx)};
    default_type application/octet-stream;
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
    include ${join(dir, 'caravan.conf')};
}
`
		);
		const server = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
		children.push(server);
		server.stdout!.on('data', (chunk: Buffer) => (output += chunk));
		server.stderr!.on('data', (chunk: Buffer) => (output += chunk));
		const log = () => `${output}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`;
		await listening(ports.node, node, log, 'The Node server');
		await listening(ports.https, server, log, 'nginx');
		await listening(ports.http, server, log, 'nginx');
		return { url, httpUrl: `http://127.0.0.1:${ports.http}`, nodeUrl: `http://127.0.0.1:${ports.node}`, ca: readFileSync(join(dir, 'cert.pem')), dataDir, database, accessLog: join(dir, 'access.log'), pids: { node: node.pid!, nginx: server.pid! }, output: log, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The variables an EnvironmentFile sets (KEY=value lines; # starts a comment). */
function environmentFile(file: string): Record<string, string> {
	const lines = readFileSync(file, 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line));
	return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

function spawnOk(command: string, args: string[], env: Record<string, string>): void {
	const ran = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
	if (ran.status !== 0) throw new Error(`${args.join(' ')} failed: ${ran.stderr}`);
}

export interface Answer {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
	text: () => string;
}

/** One request, nothing decompressed or followed: what a browser would receive. `ca` trusts nginx's certificate. */
export function fetchRaw(url: string, { method = 'GET', headers = {}, body, ca }: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer } = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const send = url.startsWith('https:') ? httpsRequest : httpRequest;
		const req = send(url, { method, headers, ca, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const all = Buffer.concat(chunks);
				resolve({ status: res.statusCode!, headers: res.headers, body: all, text: () => all.toString('utf8') });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}
