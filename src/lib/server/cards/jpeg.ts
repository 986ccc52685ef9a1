/**
 * The card as a JPEG, for the networks that take nothing else (Instagram) or fetch an image by its address
 * (Facebook, Threads): resvg draws PNG; sharp (libvips, with mozjpeg) converts it.
 *
 * Quality 88 with 4:4:4 chroma: a card is flat colour and text, and the usual 4:2:0 halves the colour
 * detail, which blurs coloured letters' edges; at 88 the text stays sharp at about a quarter of
 * the PNG's bytes for a portrait card, far under the networks' limits (Instagram 8 MB, Facebook 10 MB,
 * Threads 8 MB). jpeg.spec.ts measures the size and time of each format.
 */
import sharp from 'sharp';

export const jpegOptions = { quality: 88, chromaSubsampling: '4:4:4', mozjpeg: true } as const;

/** The PNG as a JPEG, on white (a card has no transparency; JPEG keeps none). */
export async function pngToJpeg(png: Buffer): Promise<Buffer> {
	return sharp(png).flatten({ background: '#ffffff' }).jpeg(jpegOptions).toBuffer();
}
