/** Labels of the contagion part of the viewer (merged into messages.ts; keys start with 'contagion.'). */
import type { Translation } from './messages-types.ts';

export const enContagion = {
} as const;

export const zhContagion: Translation<typeof enContagion> = {
};
