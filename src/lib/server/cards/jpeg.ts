/**
 * The card as a JPEG, for the networks that take nothing else (Instagram) or fetch an image by its address
 * (Facebook, Threads): resvg draws PNG; sharp (libvips, with mozjpeg) converts it.
 *
 * Quality 88 with 4:4:4 chroma: a card is flat colour and text, and the usual 4:2:0 halves the colour
 * detail, which blurs coloured letters' edges. Measured on a portrait card on this machine (2 shared
 * cores, median of 5): about 200 KiB in about 20 ms — far under the networks' limits (Instagram 8 MB,
 * Facebook 10 MB, Threads 8 MB). mozjpeg made it 12% smaller but took about 680 ms: not worth it for
 * an image fetched once per post. (It is larger than the card's PNG, which png.ts writes with a palette:
 * JPEG has none.) jpeg.spec.ts measures each format again.
 */
import sharp from 'sharp';

export const jpegOptions = { quality: 88, chromaSubsampling: '4:4:4' } as const;

/** The PNG as a JPEG, on white (a card has no transparency; JPEG keeps none). */
export async function pngToJpeg(png: Buffer): Promise<Buffer> {
	return sharp(png).flatten({ background: '#ffffff' }).jpeg(jpegOptions).toBuffer();
}
