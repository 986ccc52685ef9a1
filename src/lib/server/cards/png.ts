/**
 * A small PNG encoder for resvg's RGBA pixels, lossless.
 *
 * A card is a few flat colours and the antialiased edges of its text: far fewer than 256 distinct
 * colours. So a card is written as an indexed PNG (colour type 3): one byte per pixel instead of four,
 * every pixel keeping its exact RGBA value through the palette. zlib then has a quarter of the bytes to
 * compress; its run-length strategy suits rows of one colour. A picture with more than 256 colours is
 * written as RGBA instead. `npm run bench:cards` prints this against resvg's own `asPng()` (time and
 * bytes) and the most colours on a card, so the reason can be checked after an upgrade.
 */
import { constants, crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'ascii');
	out.set(data, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
	return out;
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function header(width: number, height: number, colourType: 3 | 6): Buffer {
	const data = Buffer.alloc(13);
	data.writeUInt32BE(width, 0);
	data.writeUInt32BE(height, 4);
	data[8] = 8; // bit depth
	data[9] = colourType;
	return chunk('IHDR', data);
}

// Reused from card to card (per thread): the filtered rows, and an open-addressing table from a
// pixel's 32-bit value to its palette index.
let rows = new Uint8Array(0);
const slots = 4096;
const keys = new Int32Array(slots);
const values = new Int16Array(slots);

/**
 * The rows of an indexed PNG (each with its filter byte, 0), and the palette as the byte offset of
 * each colour's first pixel; undefined when there are more than 256 colours.
 */
function indexed(width: number, height: number, rgba: Uint8Array): { rows: Uint8Array; firsts: number[] } | undefined {
	const pixels = new Int32Array(rgba.buffer, rgba.byteOffset, width * height);
	const bytes = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
	const size = (width + 1) * height;
	if (rows.length < size) rows = new Uint8Array(size);
	const out = rows;
	values.fill(-1);
	const firsts: number[] = [];
	const stride = width * 4;
	let o = 0;
	for (let y = 0; y < height; y++) {
		out[o++] = 0; // filter: none
		// Most rows of a card repeat the one above (margins, gaps, the background between lines).
		if (y > 0 && bytes.compare(bytes, y * stride, (y + 1) * stride, (y - 1) * stride, y * stride) === 0) {
			out.copyWithin(o, o - width - 1, o - 1);
			o += width;
			continue;
		}
		// Runs of one colour: look its index up once, then fill.
		const end = (y + 1) * width;
		let i = y * width;
		while (i < end) {
			const colour = pixels[i]!;
			let slot = Math.imul(colour, 0x9e3779b1) >>> 20; // 12 bits: 0 … 4095
			let index: number;
			for (;;) {
				const found = values[slot]!;
				if (found < 0) {
					if (firsts.length === 256) return undefined;
					index = firsts.length;
					firsts.push(i * 4);
					keys[slot] = colour;
					values[slot] = index;
					break;
				}
				if (keys[slot] === colour) {
					index = found;
					break;
				}
				slot = (slot + 1) & (slots - 1);
			}
			let j = i + 1;
			while (j < end && pixels[j] === colour) j++;
			if (j - i > 24) {
				out.fill(index, o, o + j - i);
				o += j - i;
			} else {
				for (let k = i; k < j; k++) out[o++] = index;
			}
			i = j;
		}
	}
	return { rows: out.subarray(0, size), firsts };
}

function truecolour(width: number, height: number, rgba: Uint8Array): Buffer {
	const stride = width * 4;
	const raw = Buffer.allocUnsafe((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0; // filter: none
		raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	}
	return Buffer.concat([signature, header(width, height, 6), chunk('IDAT', deflateSync(raw, { level: 3 })), chunk('IEND', Buffer.alloc(0))]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
	// The 32-bit view needs an aligned start; resvg's buffers have one, a copy gets one otherwise.
	if (rgba.byteOffset % 4 !== 0) rgba = Uint8Array.from(rgba);
	const image = indexed(width, height, rgba);
	if (!image) return truecolour(width, height, rgba);
	const palette = Buffer.alloc(image.firsts.length * 3);
	const alpha = Buffer.alloc(image.firsts.length);
	image.firsts.forEach((at, i) => {
		palette[i * 3] = rgba[at]!;
		palette[i * 3 + 1] = rgba[at + 1]!;
		palette[i * 3 + 2] = rgba[at + 2]!;
		alpha[i] = rgba[at + 3]!;
	});
	const opaque = alpha.every((a) => a === 255);
	return Buffer.concat([
		signature,
		header(width, height, 3),
		chunk('PLTE', palette),
		...(opaque ? [] : [chunk('tRNS', alpha)]),
		chunk('IDAT', deflateSync(image.rows, { strategy: constants.Z_RLE })),
		chunk('IEND', Buffer.alloc(0))
	]);
}
