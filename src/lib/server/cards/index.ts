export * from './cache.ts';
export * from './content.ts';
export * from './fonts.ts';
export * from './formats.ts';
export * from './render.ts';
export { templateVersion } from './template.ts';
