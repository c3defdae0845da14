/** Labels of the circles part of the viewer (merged into messages.ts; keys start with 'circles.'). */
import type { Translation } from './messages-types.ts';

export const enCircles = {
} as const;

export const zhCircles: Translation<typeof enCircles> = {
};
