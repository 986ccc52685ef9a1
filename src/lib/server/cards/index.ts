export * from './cache.ts';
export * from '#lib/server/views/card.ts';
export * from './fonts.ts';
export * from '#lib/core/formats.ts';
export * from './render.ts';
export { templateVersion } from './template.ts';
