export * from './cache.ts';
export * from '#lib/server/views/card.ts';
export * from './fonts.ts';
export { cardKinds, formatNames, formats, isCardKind, isFormat, type CardKind, type Format } from '#lib/core/catalogue.ts';
export * from './render.ts';
export { templateVersion } from './template.ts';
