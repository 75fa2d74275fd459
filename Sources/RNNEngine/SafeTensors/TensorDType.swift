/// The element types of the safetensors format.
public enum TensorDType: String, Sendable, CaseIterable {
    /// Booleans, one byte each.
    case bool = "BOOL"
    /// Unsigned 8-bit integers.
    case u8 = "U8"
    /// Signed 8-bit integers.
    case i8 = "I8"
    /// 8-bit floats with 5 exponent bits.
    case f8e5m2 = "F8_E5M2"
    /// 8-bit floats with 4 exponent bits.
    case f8e4m3 = "F8_E4M3"
    /// Signed 16-bit integers.
    case i16 = "I16"
    /// Unsigned 16-bit integers.
    case u16 = "U16"
    /// IEEE 754 half precision (read, widened to Float64, and written).
    case f16 = "F16"
    /// bfloat16, the top half of a Float32 (read, widened to Float64, and written).
    case bf16 = "BF16"
    /// Signed 32-bit integers.
    case i32 = "I32"
    /// Unsigned 32-bit integers.
    case u32 = "U32"
    /// IEEE 754 single precision (read and written).
    case f32 = "F32"
    /// IEEE 754 double precision (read and written).
    case f64 = "F64"
    /// Signed 64-bit integers.
    case i64 = "I64"
    /// Unsigned 64-bit integers.
    case u64 = "U64"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
        case .i16, .u16, .f16, .bf16: return 2
        case .i32, .u32, .f32: return 4
        case .f64, .i64, .u64: return 8
        }
    }

    /// Whether rnnlab can read this type (floating point, widened to Float64).
    public var isReadable: Bool { [.f64, .f32, .f16, .bf16].contains(self) }
}
