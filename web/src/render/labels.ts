/**
 * Node labels without overlaps. Sigma picks the labels to draw from a grid of cells (one per cell
 * at most, by size), but a Chinese firm name is wider than a cell, so labels of neighbouring cells
 * ran into each other. This drawer keeps the boxes of the labels drawn in the current frame and
 * skips a label that would overlap one of them, except the focused firm's, which is always drawn.
 * Every label gets a white halo so it stays readable over the ties.
 */
import type { NodeLabelDrawingFunction } from 'sigma/rendering';
import type { NodeAttributes } from '../graph/index.ts';

/** The boxes taken in one frame (x0, y0, x1, y1 each, screen pixels). */
export class LabelBoxes {
  private readonly boxes: number[] = [];

  clear(): void {
    this.boxes.length = 0;
  }

  /** Takes the box unless it overlaps a taken one (`always`: take it anyway); true if taken. */
  place(x0: number, y0: number, x1: number, y1: number, always = false): boolean {
    const b = this.boxes;
    if (!always) {
      for (let k = 0; k < b.length; k += 4) {
        if (x0 < b[k + 2] && b[k] < x1 && y0 < b[k + 3] && b[k + 1] < y1) return false;
      }
    }
    b.push(x0, y0, x1, y1);
    return true;
  }
}

export interface LabelDrawer {
  /** Sigma's `defaultDrawNodeLabel`. */
  draw: NodeLabelDrawingFunction<NodeAttributes>;
  /** Call before each render: a new frame starts with no label drawn. */
  reset(): void;
}

export function createLabelDrawer(): LabelDrawer {
  const boxes = new LabelBoxes();
  return {
    reset: () => boxes.clear(),
    draw(context, data, settings) {
      if (!data.label) return;
      const size = settings.labelSize;
      context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
      const width = context.measureText(data.label).width;
      const x = data.x + data.size + 3, y = data.y + size / 3;
      if (!boxes.place(x - 2, y - size, x + width + 2, y + 4, data.highlighted === true)) return;
      context.lineJoin = 'round';
      context.lineWidth = 3;
      context.strokeStyle = 'rgba(255, 255, 255, 0.85)';
      context.strokeText(data.label, x, y);
      context.fillStyle = settings.labelColor.color ?? '#000';
      context.fillText(data.label, x, y);
    },
  };
}
