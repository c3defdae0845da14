/** Labels of the map part of the viewer (merged into messages.ts; keys start with 'map.'). */
import type { Translation } from './messages-types.ts';

export const enMap = {
} as const;

export const zhMap: Translation<typeof enMap> = {
};
