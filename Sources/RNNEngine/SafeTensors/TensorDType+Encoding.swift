/// Writing Float64 values as F64, F32, F16 or BF16.
///
/// F32 is Float64 rounded to nearest, ties to even. F16 and BF16 are rounded the same way
/// from that F32 value, as PyTorch's `.half()` and `.bfloat16()` of a float64 tensor do:
/// so a file written here holds the bits PyTorch would write for the same values.
extension TensorDType {
    /// Whether rnnlab writes this type: F64, F32, F16 and BF16.
    public var isWritable: Bool { isReadable }

    /// The largest finite value of this floating-point type (F64's for the others).
    public var largestFinite: Double {
        switch self {
        case .f16: return 65504
        case .bf16: return Double(Float(bitPattern: 0x7F7F_0000))
        case .f32: return Double(Float.greatestFiniteMagnitude)
        default: return .greatestFiniteMagnitude
        }
    }

    /// The little-endian bits of `value` in this type (one of ``isWritable``), rounded to
    /// nearest, ties to even; a value beyond the type's range becomes ±infinity, as in
    /// PyTorch.
    func bits(of value: Double) -> UInt64 {
        switch self {
        case .f32: return UInt64(Float(value).bitPattern)
        case .f16: return UInt64(Self.halfBits(Float(value)))
        case .bf16: return UInt64(Self.bfloat16Bits(Float(value)))
        default: return value.bitPattern
        }
    }

    /// `value` as it reads back after being written in this type.
    public func rounded(_ value: Double) -> Double {
        let bits = bits(of: value)
        switch self {
        case .f32: return Double(Float(bitPattern: UInt32(bits)))
        case .f16: return SafeTensors.halfToDouble(UInt16(bits))
        case .bf16: return Double(Float(bitPattern: UInt32(bits) << 16))
        default: return value
        }
    }

    /// IEEE 754 binary16 bits of `value`, rounded to nearest, ties to even (subnormals,
    /// infinities and NaN included; past ±65504 it rounds to ±infinity).
    static func halfBits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let fraction = bits & 0x7F_FFFF
        if exponent == 0xFF {  // infinity, or NaN kept quiet with the top of its payload
            return sign | 0x7C00 | (fraction == 0 ? 0 : 0x200 | UInt16(fraction >> 13))
        }
        let power = exponent - 127
        if power > 15 { return sign | 0x7C00 }
        // value = significand · 2^(power − 23), with the leading 1 of a normal Float
        let significand = fraction | (exponent == 0 ? 0 : 0x80_0000)
        // binary16 keeps 11 significant bits down to 2^−14, then fixed steps of 2^−24
        let dropped = power >= -14 ? 13 : -(power + 1)
        guard dropped <= 24 else { return sign }  // below half the smallest subnormal
        var kept = significand >> UInt32(dropped)
        let rest = significand & ((1 << UInt32(dropped)) - 1)
        let half = UInt32(1) << UInt32(dropped - 1)
        if rest > half || (rest == half && kept & 1 == 1) { kept += 1 }
        if power < -14 { return sign | UInt16(kept) }  // a carry into 0x400 is the smallest normal
        // kept holds the leading 1 at bit 10, or at bit 11 after a carry
        var biased = UInt32(power + 15)
        if kept >= 0x800 {
            kept >>= 1
            biased += 1
        }
        if biased >= 31 { return sign | 0x7C00 }
        return sign | UInt16(biased << 10) | UInt16(kept & 0x3FF)
    }

    /// bfloat16 bits of `value`: its top 16 bits, rounded to nearest, ties to even (NaN kept
    /// quiet; past the largest bfloat16 it rounds to ±infinity).
    static func bfloat16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        return UInt16((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }
}
