/** Labels of the park part of the viewer (merged into messages.ts; keys start with 'park.'). */
import type { Translation } from './messages-types.ts';

export const enPark = {
} as const;

export const zhPark: Translation<typeof enPark> = {
};
