/**
 * Numbers written as Python writes them: `f"{x:.6f}"`, `f"{x:.6e}"` (rounded half to even on the
 * exact binary value, where JavaScript's toFixed rounds half up) and `repr(x)`.
 */

/** The exact decimal expansion of |x| (finite): |x| = 0.<digits> × 10^point, digits without leading zeros. */
function exactDecimal(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: "", point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased > 0) mantissa |= 1n << 52n;
  const exponent = (biased > 0 ? biased : 1) - 1075; // |x| = mantissa × 2^exponent
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString();
    return { digits: digits.replace(/0+$/, ""), point: digits.length };
  }
  // mantissa / 2^k = mantissa × 5^k / 10^k
  const k = -exponent;
  const scaled = (mantissa * 5n ** BigInt(k)).toString();
  const trimmed = scaled.replace(/0+$/, "");
  return { digits: trimmed, point: scaled.length - k };
}

/** `digits` rounded half to even to `keep` digits (keep may be 0 or negative): the digits and a carry. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (keep < 0) return { digits: "", carry: false };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, "0"), carry: false };
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const rest = digits.slice(keep + 1);
  const last = keep > 0 ? head.charCodeAt(keep - 1) - 48 : 0;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || last % 2 === 1));
  if (!up) return { digits: head, carry: false };
  const value = (BigInt(head || "0") + 1n).toString().padStart(keep, "0");
  return value.length > keep ? { digits: value.slice(1), carry: true } : { digits: value, carry: false };
}

/** Python's `f"{x:.{decimals}f}"`. */
export function toFixedPython(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const { digits, point } = exactDecimal(x);
  // The digits before the point (possibly none), then `decimals` after it.
  const integerDigits = Math.max(point, 0);
  const padded = point < 0 ? "0".repeat(-point) + digits : digits;
  const rounded = roundDigits(padded, integerDigits + decimals);
  let all = rounded.digits;
  if (rounded.carry) all = `1${all}`;
  const whole = all.slice(0, all.length - decimals) || "0";
  const fraction = all.slice(all.length - decimals);
  return `${sign}${whole.replace(/^0+(?=\d)/, "")}${decimals > 0 ? `.${fraction}` : ""}`;
}

/** Python's `f"{x:.{decimals}e}"`. */
export function toExponentialPython(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0${decimals > 0 ? `.${"0".repeat(decimals)}` : ""}e+00`;
  const { digits, point } = exactDecimal(x);
  const rounded = roundDigits(digits, decimals + 1);
  const mantissa = rounded.carry ? `1${rounded.digits.slice(0, decimals)}` : rounded.digits;
  const exponent = point - 1 + (rounded.carry ? 1 : 0);
  return `${sign}${mantissa[0]}${decimals > 0 ? `.${mantissa.slice(1)}` : ""}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** Python's `repr(x)` of a float: the shortest digits that read back, exponent below 1e-4 and from 1e16. */
export function reprPython(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [mantissa, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  const exponent = Number(exp);
  const digits = mantissa.replace(".", "");
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  return `${sign}${whole}.${digits.slice(exponent + 1) || "0"}`;
}
