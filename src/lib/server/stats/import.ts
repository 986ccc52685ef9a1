/**
 * Visits from nginx's access log, in its default `combined` format, counted by the same rules as the
 * server's live count (rules.ts):
 *
 *     $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
 *
 * Only the request, status, time, referrer and user agent are read; the address is never looked at.
 * A log is known by a hash of its first line. What was imported from it (its first `bytes`, and their
 * hash) is recorded with the counts in one transaction, so importing the same log again counts nothing
 * twice, and importing it again once it has grown (or after logrotate renamed it) counts only the new
 * lines. A last line without its line break is still being written: it is left for the next import.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Db } from '#lib/server/store/database.ts';
import { publicPage, visitKey, visitOf } from './rules.ts';
import { addTally, tallyAdd, type Tally } from './store.ts';

export class ImportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImportError';
	}
}

export interface ImportResult {
	file: string;
	/** Lines read this time (not counting those imported before). */
	lines: number;
	/** Lines imported before, from the same log. */
	before: number;
	/** Page views counted. */
	views: number;
	/** Page requests left out as bots'. */
	bots: number;
	/** Lines not in the combined format: how many, and the first few with their line numbers. */
	skipped: { count: number; first: { line: number; text: string }[] };
	/** A last line still being written, left for the next import. */
	partial: boolean;
}

const combined = /^\S+ \S+ .*?\[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (?:\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"/;
const months: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const localTime = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** nginx's $time_local (`07/Dec/2026:14:03:59 +0100`) as an instant, or undefined. */
export function parseLocalTime(text: string): Date | undefined {
	const m = localTime.exec(text);
	if (!m) return undefined;
	const month = months[m[2]!];
	if (month === undefined) return undefined;
	const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
	return new Date(Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset);
}

/** nginx writes `"` and bytes outside printable ASCII in strings as \xHH. */
const unescape = (text: string) =>
	text.includes('\\') ? text.replace(/\\x([0-9A-Fa-f]{2})|\\(.)/g, (_, hex: string | undefined, char: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : char!)) : text;

export interface LogLine {
	at: Date;
	method: string | undefined;
	target: string;
	status: number;
	referer: string;
	userAgent: string;
}

/** One line of a combined-format log, or undefined when it is not one. */
export function parseLine(line: string): LogLine | undefined {
	const m = combined.exec(line);
	if (!m) return undefined;
	const at = parseLocalTime(m[1]!);
	if (!at) return undefined;
	// "GET /en/ HTTP/1.1"; a request nginx could not read is logged as it came ("-", garbage): no page view.
	const request = m[2]!.split(' ');
	const referer = m[4] === '-' ? '' : unescape(m[4]!);
	const userAgent = m[5] === '-' ? '' : unescape(m[5]!);
	return { at, method: request.length === 3 ? request[0] : undefined, target: request.length === 3 ? request[1]! : '', status: Number(m[3]), referer, userAgent };
}

/** The log's first line (up to its line break), or undefined for an empty file or one without a whole line. */
function firstLine(file: string): Buffer | undefined {
	const fd = openSync(file, 'r');
	try {
		const chunks: Buffer[] = [];
		const buffer = Buffer.alloc(64 * 1024);
		for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
			const end = buffer.subarray(0, read).indexOf(10);
			if (end >= 0) return Buffer.concat([...chunks, buffer.subarray(0, end + 1)]);
			chunks.push(Buffer.from(buffer.subarray(0, read)));
			if (chunks.length > 16) throw new ImportError(`${file}: its first line is longer than 1 MB: this is not an access log`);
		}
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/** Feeds bytes start..end of the file to the hash. */
async function hashRange(file: string, hash: Hash, end: number): Promise<void> {
	if (end === 0) return;
	for await (const chunk of createReadStream(file, { start: 0, end: end - 1 })) hash.update(chunk as Buffer);
}

interface Imported {
	first_line: string;
	file: string;
	bytes: number;
	lines: number;
	digest: string;
	imported_at: string;
}

const firstShown = 5;

/** Imports an access log's new lines into the counts. Throws an ImportError naming the file and the problem. */
export async function importLog(db: Db, file: string, { now = new Date() }: { now?: Date } = {}): Promise<ImportResult> {
	if (!existsSync(file)) throw new ImportError(`${file}: no such file`);
	const size = statSync(file).size;
	if (!statSync(file).isFile()) throw new ImportError(`${file}: not a file`);
	const result: ImportResult = { file, lines: 0, before: 0, views: 0, bots: 0, skipped: { count: 0, first: [] }, partial: false };
	const first = firstLine(file);
	if (!first) {
		result.partial = size > 0;
		return result;
	}
	const key = createHash('sha256').update(first).digest('hex');
	const known = db.prepare('SELECT * FROM visit_imports WHERE first_line = ?').get(key) as Imported | undefined;
	const hash = createHash('sha256');
	let start = 0;
	if (known) {
		const differs = () =>
			new ImportError(
				`${file}: starts like the log imported from ${known.file} on ${known.imported_at} (${known.lines} lines), but its first ${known.lines} lines are not the same. Not imported: it would count some visits twice.`
			);
		if (size < known.bytes) throw differs();
		await hashRange(file, hash, known.bytes);
		if (hash.copy().digest('hex') !== known.digest) throw differs();
		start = known.bytes;
		result.before = known.lines;
	}

	const tally: Tally = new Map();
	let lineNo = result.before;
	let position = start;
	let rest: Buffer | undefined;
	const take = (line: Buffer) => {
		lineNo++;
		result.lines++;
		const text = line.toString('latin1').replace(/\r$/, '');
		const parsed = parseLine(text);
		if (!parsed) {
			result.skipped.count++;
			if (result.skipped.first.length < firstShown) result.skipped.first.push({ line: lineNo, text: text.slice(0, 200) });
			return;
		}
		const visit = visitOf(parsed);
		if (visit) {
			result.views++;
			tallyAdd(tally, visitKey(visit));
		} else if (parsed.method === 'GET' && parsed.status === 200 && publicPage(parsed.target)) {
			result.bots++;
		}
	};
	if (start < size) {
		for await (const data of createReadStream(file, { start, highWaterMark: 1024 * 1024 })) {
			let chunk = data as Buffer;
			if (rest) chunk = Buffer.concat([rest, chunk]);
			let from = 0;
			for (let end = chunk.indexOf(10, from); end >= 0; end = chunk.indexOf(10, from)) {
				take(chunk.subarray(from, end));
				from = end + 1;
			}
			hash.update(chunk.subarray(0, from));
			position += from;
			rest = from < chunk.length ? Buffer.from(chunk.subarray(from)) : undefined;
		}
	}
	result.partial = rest !== undefined && rest.length > 0;
	if (result.lines > 0 && result.skipped.count === result.lines) {
		const { line, text } = result.skipped.first[0]!;
		throw new ImportError(
			`${file}: none of its ${result.lines} new lines is in nginx's combined log format (line ${line}: ${JSON.stringify(text.slice(0, 120))}). Nothing was imported.`
		);
	}
	if (result.lines === 0) return result;
	db.transaction(() => {
		addTally(db, tally);
		db.prepare(
			`INSERT INTO visit_imports (first_line, file, bytes, lines, digest, imported_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (first_line) DO UPDATE SET file = excluded.file, bytes = excluded.bytes, lines = excluded.lines, digest = excluded.digest, imported_at = excluded.imported_at`
		).run(key, file, position, lineNo, hash.digest('hex'), now.toISOString());
	}).immediate();
	return result;
}
