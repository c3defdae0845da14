/**
 * Sigma node programs whose colour comes from a texture of node colours indexed by payload
 * index (layers/view.ts computes it), not from sigma's per-node display data. A new
 * colouring or distress overlay is then one upload of n texels and a redraw, with no
 * sigma refresh: at 100k firms sigma's per-node update was ≈ 0.2 s of JavaScript and
 * garbage per colour change. Both programs draw one GL point per node (sigma's instanced
 * circles cost 2.5 s per pass in software WebGL, points 0.25 s; bench/results-viewer.md):
 * - firms: a disc (sigma's NodePointProgram fragment shader);
 * - banks: a diamond (a square turned 45°), so banks read as a different kind of actor
 *   from firms even without colour: the fragment keeps |x| + |y| ≤ ½ in point coordinates.
 * Both feather one pixel for anti-aliasing and keep hard edges in picking mode, so clicks
 * are exact. Every WebGL context (sigma's nodes and hover layers) gets its own texture,
 * uploaded when the colours changed since its last draw.
 */
import { NodeProgram, type ProgramInfo } from 'sigma/rendering';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import type { Attributes } from 'graphology-types';
import type Sigma from 'sigma';

/** A node program that can redraw its picture alone (see NodeColorTexture.redraw). */
interface PictureProgram {
  drawPicture(params: RenderParams): void;
}

/** The colours the programs draw: RGBA bytes per payload index, replaced as a whole. */
export interface NodeColorTexture {
  /** Sets the colours (kept by reference: the caller makes a new array for new colours). */
  set(rgba: Uint8Array): void;
  /** Binds the colour texture of `gl` to texture unit 0, uploading it if stale; returns its size in texels. */
  bind(gl: WebGLRenderingContext): [number, number];
  /**
   * Redraws every node canvas's picture with the current colours and sigma's last render
   * parameters, without sigma: no node processing, and no picking pass (sigma re-creates its
   * picking image on every render; node ids and positions have not changed, so the old one
   * stays right). For colour-only changes.
   */
  redraw(params: RenderParams): void;
  /** Programs register on creation and leave when sigma kills them. */
  register(gl: WebGLRenderingContext, program: PictureProgram): void;
  unregister(gl: WebGLRenderingContext, program: PictureProgram): void;
}

/** Texture width: 4,096 texels is within every WebGL implementation's limit. */
const WIDTH = 4096;

export function createNodeColorTexture(): NodeColorTexture {
  let rgba: Uint8Array = new Uint8Array(4);
  let version = 0;
  const uploaded = new WeakMap<WebGLRenderingContext, { texture: WebGLTexture; version: number }>();
  const programs = new Map<WebGLRenderingContext, PictureProgram[]>();
  return {
    register(gl, program) {
      programs.set(gl, [...(programs.get(gl) ?? []), program]);
    },
    unregister(gl, program) {
      const left = (programs.get(gl) ?? []).filter((p) => p !== program);
      if (left.length > 0) programs.set(gl, left);
      else programs.delete(gl);
    },
    redraw(params) {
      // Each canvas (sigma's nodes, its hover layer) is cleared once, then its programs draw in creation order, as sigma does.
      for (const [gl, list] of programs) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        gl.clear(gl.COLOR_BUFFER_BIT);
        for (const program of list) program.drawPicture(params);
      }
    },
    set(next) {
      if (next === rgba) return;
      rgba = next;
      version++;
    },
    bind(gl) {
      const n = rgba.length / 4;
      const width = Math.min(WIDTH, Math.max(1, n));
      const height = Math.max(1, Math.ceil(n / width));
      let entry = uploaded.get(gl);
      if (!entry) {
        entry = { texture: gl.createTexture()!, version: -1 };
        uploaded.set(gl, entry);
      }
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, entry.texture);
      if (entry.version !== version) {
        const texels = new Uint8Array(width * height * 4);
        texels.set(rgba);
        gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, texels);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
        entry.version = version;
      }
      return [width, height];
    },
  };
}

const VERTEX_SHADER = /* glsl */ `
precision highp float;
attribute vec4 a_id;
attribute vec2 a_position;
attribute float a_size;
attribute float a_index;

uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform mat3 u_matrix;
uniform sampler2D u_colors;
uniform vec2 u_colorsSize;

varying vec4 v_color;
varying float v_border;

const float bias = 255.0 / 254.0;

void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  gl_PointSize = a_size / u_sizeRatio * u_pixelRatio * 2.0;
  v_border = (0.5 / a_size) * u_sizeRatio;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  vec2 texel = vec2(mod(a_index, u_colorsSize.x), floor(a_index / u_colorsSize.x));
  v_color = texture2D(u_colors, (texel + 0.5) / u_colorsSize);
  #endif
  v_color.a *= bias;
}
`;

/** Fragment shader around `dist` (> 0 inside the shape, in point-coordinate units). */
const fragmentShader = (dist: string) => /* glsl */ `
precision mediump float;
varying vec4 v_color;
varying float v_border;
const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
void main(void) {
  vec2 m = gl_PointCoord - vec2(0.5, 0.5);
  float dist = ${dist};
  #ifdef PICKING_MODE
  gl_FragColor = dist > v_border ? v_color : transparent;
  #else
  float t = dist > v_border ? 1.0 : (dist > 0.0 ? dist / v_border : 0.0);
  gl_FragColor = mix(transparent, v_color, t);
  #endif
}
`;

const UNIFORMS = ['u_sizeRatio', 'u_pixelRatio', 'u_matrix', 'u_colors', 'u_colorsSize'] as const;
type Uniform = (typeof UNIFORMS)[number];

/** Display data as the map's node reducer leaves it: sigma's plus the payload index. */
type IndexedNodeData = NodeDisplayData & { index: number };

/** The firm (disc) and bank (diamond) program classes drawing from `colors`. */
export function nodePrograms(colors: NodeColorTexture) {
  const shapes = { disc: '0.5 - length(m)', diamond: '0.5 - (abs(m.x) + abs(m.y))' };
  const programOf = (shape: keyof typeof shapes) => class<
    N extends Attributes = Attributes, E extends Attributes = Attributes, G extends Attributes = Attributes,
  > extends NodeProgram<Uniform, N, E, G> {
    getDefinition() {
      const { FLOAT, UNSIGNED_BYTE, POINTS } = WebGLRenderingContext;
      return {
        VERTICES: 1,
        VERTEX_SHADER_SOURCE: VERTEX_SHADER,
        FRAGMENT_SHADER_SOURCE: fragmentShader(shapes[shape]),
        METHOD: POINTS,
        UNIFORMS: [...UNIFORMS],
        ATTRIBUTES: [
          { name: 'a_position', size: 2, type: FLOAT },
          { name: 'a_size', size: 1, type: FLOAT },
          { name: 'a_index', size: 1, type: FLOAT },
          { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
        ],
      };
    }

    constructor(gl: WebGLRenderingContext, pickingBuffer: WebGLFramebuffer | null, renderer: Sigma<N, E, G>) {
      super(gl, pickingBuffer, renderer);
      colors.register(gl, this);
    }

    override kill(): void {
      colors.unregister(this.normalProgram.gl, this);
      super.kill();
    }

    drawPicture(params: RenderParams): void {
      if (this.hasNothingToRender()) return;
      const program = this.normalProgram;
      program.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
      this.bindProgram(program);
      this.renderProgram(params, program);
      this.unbindProgram(program);
    }

    processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
      const array = this.array;
      array[startIndex++] = data.x;
      array[startIndex++] = data.y;
      array[startIndex++] = data.size;
      array[startIndex++] = (data as IndexedNodeData).index;
      array[startIndex++] = nodeIndex;
    }

    setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo<Uniform>): void {
      const [width, height] = colors.bind(gl);
      gl.uniform1i(uniformLocations.u_colors, 0);
      gl.uniform2f(uniformLocations.u_colorsSize, width, height);
      gl.uniform1f(uniformLocations.u_pixelRatio, params.pixelRatio);
      gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
      gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
    }
  };
  return { circle: programOf('disc'), diamond: programOf('diamond') };
}
