/**
 * The WebGL side of the map's ties (render/ties.ts): shaders, the per-canvas program,
 * upload and draw. DOM-free, so it runs in the tie worker on an OffscreenCanvas (and on
 * the page where OffscreenCanvas is missing).
 *
 * Geometry: one instanced quad per tie, as sigma's edge rectangle program, plus an
 * arrowhead at the target node's rim for directed kinds; thickness in sigma size units
 * scaled like node sizes (`scaleSize`), at least `minEdgeThickness` px, with a 1 px
 * feather. Large base sets are drawn as plain 1 px GL lines instead (`lines` mode: no
 * heads, no thickness): software WebGL (SwiftShader, what headless Chromium and GPU-less
 * machines have) pays per instance — 440k instanced quads took 11.5 s where 440k lines
 * took 0.8 s (bench/results-viewer.md) — and at that density the overview is a texture
 * of ties anyway.
 */
const VERTEX_SHADER = /* glsl */ `
attribute vec2 a_corner;
attribute vec2 a_source;
attribute vec2 a_target;
attribute float a_size;
attribute vec2 a_ends;
attribute float a_arrow;
attribute vec4 a_color;

uniform mat3 u_matrix;
uniform vec2 u_half;
uniform float u_scale;
uniform float u_minWidth;
uniform float u_isHead;

varying vec4 v_color;
varying float v_dist;
varying float v_half;

void main() {
  // Pixel space centred on the viewport (clip × half size), so normals are isotropic.
  vec2 s = (u_matrix * vec3(a_source, 1.0)).xy * u_half;
  vec2 t = (u_matrix * vec3(a_target, 1.0)).xy * u_half;
  vec2 d = t - s;
  float len = length(d);
  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float w = max(a_size * u_scale, u_minWidth);
  // The tie runs from rim to rim of its nodes (radii in px), the head's tip on the target's rim.
  float from = a_ends.x * u_scale;
  float rim = len - a_ends.y * u_scale;
  float headLength = a_arrow > 0.5 ? max(w * 2.5, 6.0) : 0.0;
  float to = rim - headLength * 0.9;
  v_color = a_color;
  v_dist = 0.0;
  v_half = 1.0;
  // Nothing to draw (no head, or the nodes overlap): a point outside the clip volume.
  if ((u_isHead > 0.5 && (headLength == 0.0 || rim - headLength <= from)) || (u_isHead < 0.5 && to <= from)) {
    gl_Position = vec4(2.0, 2.0, 0.0, 1.0);
    return;
  }
  vec2 p;
  if (u_isHead > 0.5) {
    p = s + dir * (rim + a_corner.x * headLength) + nrm * (a_corner.y * headLength * 0.45);
  } else {
    float h = w * 0.5 + 0.5;
    p = s + dir * mix(from, to, a_corner.x) + nrm * (a_corner.y * h);
    v_dist = a_corner.y * h;
    v_half = w * 0.5;
  }
  gl_Position = vec4(p / u_half, 0.0, 1.0);
}
`;

const FRAGMENT_SHADER = /* glsl */ `
precision mediump float;
varying vec4 v_color;
varying float v_dist;
varying float v_half;
void main() {
  float a = v_color.a * clamp(v_half + 0.5 - abs(v_dist), 0.0, 1.0);
  gl_FragColor = vec4(v_color.rgb * a, a);
}
`;

const LINE_VERTEX_SHADER = /* glsl */ `
attribute vec2 a_position;
attribute vec4 a_color;
uniform mat3 u_matrix;
varying vec4 v_color;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1.0)).xy, 0.0, 1.0);
  v_color = a_color;
}
`;

const LINE_FRAGMENT_SHADER = /* glsl */ `
precision mediump float;
varying vec4 v_color;
void main() {
  gl_FragColor = vec4(v_color.rgb * v_color.a, v_color.a);
}
`;

/** Floats per tie: quads (one instance) source xy, target xy, size, source and target radius, arrow flag, packed colour; lines (two vertices) xy + colour each. */
export const STRIDE = { quads: 9, lines: 6 } as const;
export type TieMode = keyof typeof STRIDE;
/** Shaft quad (triangle strip) and arrowhead triangle, as (along, side). */
const SHAFT = new Float32Array([0, -1, 0, 1, 1, -1, 1, 1]);
const HEAD = new Float32Array([0, 0, -1, -1, -1, 1]);

/** The two tie canvases: every visible tie, and the emphasised ones above it. */
export type TieTarget = 'base' | 'front';

/** Graph → clip transform (column-major 3×3), half the viewport in CSS px, px per size unit, thinnest tie in px. */
export interface TieUniforms {
  matrix: number[];
  half: [number, number];
  scale: number;
  minWidth: number;
}

/** Page → tie worker. Tie arrays travel as transferred buffers. */
export type ToTieWorker =
  | { type: 'init'; base: OffscreenCanvas; front: OffscreenCanvas; baseMode: TieMode }
  | { type: 'upload'; target: TieTarget; data: Float32Array; count: number }
  | { type: 'draw'; targets: TieTarget[]; uniforms: TieUniforms; width: number; height: number }
  | { type: 'snapshot'; id: number };

export type FromTieWorker =
  | { type: 'snapshot'; id: number; bitmaps: ImageBitmap[] }
  | { type: 'error'; message: string };

interface Instancing {
  divisor(location: number, divisor: number): void;
  draw(mode: number, count: number, instances: number): void;
}

function instancing(gl: WebGLRenderingContext | WebGL2RenderingContext): Instancing {
  if (typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext) {
    return {
      divisor: (location, divisor) => gl.vertexAttribDivisor(location, divisor),
      draw: (mode, count, instances) => gl.drawArraysInstanced(mode, 0, count, instances),
    };
  }
  const ext = gl.getExtension('ANGLE_instanced_arrays');
  if (!ext) throw new Error('this browser\'s WebGL has no instanced drawing (ANGLE_instanced_arrays); the map cannot draw ties');
  return {
    divisor: (location, divisor) => ext.vertexAttribDivisorANGLE(location, divisor),
    draw: (mode, count, instances) => ext.drawArraysInstancedANGLE(mode, 0, count, instances),
  };
}

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL could not create a shader for the ties');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`tie shader: ${gl.getShaderInfoLog(shader) ?? 'compile error'}`);
  return shader;
}

/** One canvas of ties: its GL program, the instance buffer and the draw. */
export class TieCanvas {
  private readonly gl: WebGLRenderingContext;
  private readonly inst: Instancing;
  private readonly program: WebGLProgram;
  private readonly instances: WebGLBuffer;
  private readonly shaft: WebGLBuffer;
  private readonly head: WebGLBuffer;
  private readonly loc: Record<string, number>;
  private readonly uni: Record<string, WebGLUniformLocation | null>;
  private count = 0;

  constructor(readonly canvas: HTMLCanvasElement | OffscreenCanvas, readonly mode: TieMode) {
    // preserveDrawingBuffer: the canvas is drawn rarely and read by the PNG export at any time.
    const options: WebGLContextAttributes = { antialias: false, preserveDrawingBuffer: true, premultipliedAlpha: true };
    const gl = (this.canvas.getContext('webgl2', options) ?? this.canvas.getContext('webgl', options)) as WebGLRenderingContext | null;
    if (!gl) throw new Error('this browser gives no WebGL context; the map cannot draw ties');
    this.gl = gl;
    this.inst = instancing(gl);
    const program = gl.createProgram()!;
    const lines = mode === 'lines';
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, lines ? LINE_VERTEX_SHADER : VERTEX_SHADER));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, lines ? LINE_FRAGMENT_SHADER : FRAGMENT_SHADER));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`tie program: ${gl.getProgramInfoLog(program) ?? 'link error'}`);
    this.program = program;
    this.loc = Object.fromEntries(['a_corner', 'a_source', 'a_target', 'a_size', 'a_ends', 'a_arrow', 'a_color', 'a_position'].map((a) => [a, gl.getAttribLocation(program, a)]));
    this.uni = Object.fromEntries(['u_matrix', 'u_half', 'u_scale', 'u_minWidth', 'u_isHead'].map((u) => [u, gl.getUniformLocation(program, u)]));
    const buffer = (data?: Float32Array) => {
      const b = gl.createBuffer()!;
      if (data) {
        gl.bindBuffer(gl.ARRAY_BUFFER, b);
        gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
      }
      return b;
    };
    this.instances = buffer();
    this.shaft = buffer(SHAFT);
    this.head = buffer(HEAD);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  }

  upload(data: Float32Array, count: number): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.instances);
    gl.bufferData(gl.ARRAY_BUFFER, data.subarray(0, count * STRIDE[this.mode]), gl.STATIC_DRAW);
    this.count = count;
  }

  /** Sizes the drawing buffer to `width` × `height` device pixels and draws the ties. */
  draw(u: TieUniforms, width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const gl = this.gl;
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (this.count === 0) return;
    gl.useProgram(this.program);
    gl.uniformMatrix3fv(this.uni.u_matrix!, false, u.matrix);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.instances);
    if (this.mode === 'lines') {
      for (const [name, size, type, normalized, offset] of [['a_position', 2, gl.FLOAT, false, 0], ['a_color', 4, gl.UNSIGNED_BYTE, true, 8]] as const) {
        const l = this.loc[name]!;
        gl.enableVertexAttribArray(l);
        gl.vertexAttribPointer(l, size, type, normalized, 12, offset);
      }
      gl.drawArrays(gl.LINES, 0, 2 * this.count);
      return;
    }
    gl.uniform2f(this.uni.u_half!, u.half[0], u.half[1]);
    gl.uniform1f(this.uni.u_scale!, u.scale);
    gl.uniform1f(this.uni.u_minWidth!, u.minWidth);
    const bytes = STRIDE.quads * 4;
    const attr = (name: string, size: number, type: number, normalized: boolean, offset: number) => {
      const l = this.loc[name]!;
      gl.enableVertexAttribArray(l);
      gl.vertexAttribPointer(l, size, type, normalized, bytes, offset);
      this.inst.divisor(l, 1);
    };
    attr('a_source', 2, gl.FLOAT, false, 0);
    attr('a_target', 2, gl.FLOAT, false, 8);
    attr('a_size', 1, gl.FLOAT, false, 16);
    attr('a_ends', 2, gl.FLOAT, false, 20);
    attr('a_arrow', 1, gl.FLOAT, false, 28);
    attr('a_color', 4, gl.UNSIGNED_BYTE, true, 32);
    const corner = this.loc.a_corner!;
    gl.enableVertexAttribArray(corner);
    this.inst.divisor(corner, 0);
    for (const [isHead, buffer, mode, vertices] of [[0, this.shaft, gl.TRIANGLE_STRIP, 4], [1, this.head, gl.TRIANGLES, 3]] as const) {
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.vertexAttribPointer(corner, 2, gl.FLOAT, false, 0, 0);
      gl.uniform1f(this.uni.u_isHead!, isHead);
      this.inst.draw(mode, vertices, this.count);
    }
  }

  kill(): void {
    this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

