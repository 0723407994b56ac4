/** IEEE 754 half-precision bits of each value (round to nearest even), for ONNX FLOAT16 tensors. */
export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i] ?? 0;
    const x = u32[0] ?? 0;
    const sign = (x >>> 16) & 0x8000;
    const exponent = ((x >>> 23) & 0xff) - 127 + 15;
    let mantissa = x & 0x7fffff;
    if (exponent >= 31) {
      out[i] = sign | 0x7c00; // overflow to infinity (weights never get there)
    } else if (exponent <= 0) {
      if (exponent < -10) {
        out[i] = sign;
      } else {
        mantissa |= 0x800000;
        const shift = 14 - exponent;
        const rounded = (mantissa + (1 << (shift - 1)) - 1 + ((mantissa >>> shift) & 1)) >>> shift;
        out[i] = sign | rounded;
      }
    } else {
      const rounded = mantissa + 0xfff + ((mantissa >>> 13) & 1);
      if (rounded & 0x800000) {
        out[i] = exponent + 1 >= 31 ? sign | 0x7c00 : sign | ((exponent + 1) << 10);
      } else {
        out[i] = sign | (exponent << 10) | (rounded >>> 13);
      }
    }
  }
  return out;
}

/** Half-precision bits back to numbers (for tests and for scoring what the graph will see). */
export function fromFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i] ?? 0;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    out[i] =
      exponent === 0
        ? sign * 2 ** -14 * (mantissa / 1024)
        : exponent === 31
          ? sign * Number.POSITIVE_INFINITY
          : sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
  }
  return out;
}
