#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of a safetensors file: tensors widened to Float64, in data order (all of
/// them, or those a ``SafeTensorsReader`` was asked for).
///
/// Tensors of a type rnnlab does not read (integers, booleans, 8-bit floats: a batch
/// norm's `num_batches_tracked`, a mask) are named but not decoded; whoever uses one of
/// them refuses it (``RecurrentNetwork/moduleStateDict(of:prefix:)``).
public struct SafeTensorsFile: Equatable, Sendable {
    /// The floating-point tensors (``TensorDType/isReadable``) read, by name, in the order
    /// of their data in the file.
    public var tensors: ParameterSet
    /// The names of all the file's tensors, read or not, in the order of their data.
    public var names: [String]
    /// The element type each tensor had in the file, read or not.
    public var dtypes: [String: TensorDType]
    /// The `__metadata__` string pairs.
    public var metadata: [String: String]

    /// The plain RNN's nonlinearity the file records (`__metadata__` `nonlinearity`, which
    /// rnnlab's `save` writes; PyTorch's own files do not say), if it is tanh or relu.
    public var recordedNonlinearity: Activation? {
        metadata["nonlinearity"].flatMap { $0 == "tanh" || $0 == "relu" ? Activation(rawValue: $0) : nil }
    }
}

/// Reading and writing the safetensors format: an 8-byte little-endian header length N,
/// N bytes of JSON header, then the tensors' little-endian row-major data.
public enum SafeTensors {
    /// The largest header accepted, in bytes.
    public static let maximumHeaderSize = 100_000_000
    /// The largest number of tensors accepted in one file.
    public static let maximumTensorCount = 100_000
    /// The longest tensor name accepted, in bytes (PyTorch's are a few dozen).
    public static let maximumNameLength = 1_000

    /// How many tensors are read between two questions to a ``ShouldStop``.
    static let tensorsBetweenChecks = 1024
    /// How many bytes of tensor data are decoded between two questions to a ``ShouldStop``
    /// (or fewer, when ``tensorsBetweenChecks`` tensors come first).
    static let bytesBetweenChecks = 1 << 20

    /// Decodes a whole file held in memory, validating every rule of the format.
    ///
    /// - Parameters:
    ///   - source: what the messages call the data, e.g. its file's path.
    ///   - path: the file the bytes were read from, if any; the advice for a `torch.save`
    ///     file names it in the Python that converts it.
    ///   - shouldStop: asked every so often (a header of 100,000 names takes a while); when
    ///     it says so, this throws ``NetworkError/stopped``.
    public static func decode(
        _ bytes: [UInt8], source: String = "safetensors data", path: String? = nil, shouldStop: ShouldStop? = nil
    ) throws -> SafeTensorsFile {
        let header = try SafeTensorsHeader(fileLength: bytes.count, source: source, path: path, shouldStop: shouldStop) { offset, count in
            Array(bytes[offset..<(offset + count)])
        }
        return try header.contents(reading: nil, shouldStop: shouldStop) { offset, count in
            Array(bytes[offset..<(offset + count)])
        }
    }

    /// What `torch.save` made `bytes`, judged by their first bytes: a zip archive (`PK\\x03\\x04`,
    /// PyTorch 1.6 on) or a pickle (`\\x80` and a protocol number, earlier PyTorch or
    /// `_use_new_zipfile_serialization=False`); nil for anything else.
    static func torchSaveFormat(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive" }
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return "a pickle" }
        return nil
    }

    /// The name of the first entry of a zip archive (`weight_ih_l0.npy`), read from its local
    /// file header: the signature `PK\\x03\\x04`, the name's length at byte 26 (2 bytes, little
    /// endian) and the name from byte 30; nil for a file that is no zip archive or too short.
    static func firstZipEntryName(fileLength: Int, read: (_ offset: Int, _ count: Int) throws -> [UInt8]) -> String? {
        guard fileLength >= 30, let local = try? read(0, 30), local.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
        let length = Int(local[26]) | Int(local[27]) << 8
        guard length > 0, 30 + length <= fileLength, let name = try? read(30, length) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// Whether a zip archive whose first entry is `firstEntry` is NumPy's `.npz`: its entries
    /// are `.npy` arrays, where `torch.save`'s are `archive/data.pkl` and the like.
    static func isNumPyArchive(firstEntry: String?) -> Bool {
        firstEntry?.hasSuffix(".npy") == true
    }

    /// What to do with NumPy's `.npz` file (`numpy.savez`) at `path` (nil: the Python names it
    /// `path`): convert its arrays, named as a state dict's, with `safetensors.numpy`.
    static func numPyAdvice(path: String?) -> String {
        let file = path.map(pythonString) ?? "path"
        return "this is a NumPy .npz file (a zip of .npy arrays, from numpy.savez), not safetensors; convert it in Python with "
            + "`import numpy as np; from safetensors.numpy import save_file; save_file(dict(np.load(\(file))), \"model.safetensors\")` "
            + "(its arrays keep their names, which must be a state dict's: weight_ih_l0, weight_hh_l0, …)"
    }

    /// What to do with a file `torch.save` wrote in `format`, read from `path` (nil: the
    /// Python names it `path`). A whole model saved with `torch.save(model)` loads only with
    /// `weights_only=False` since PyTorch 2.6, which runs code from the file.
    static func torchSaveAdvice(_ format: String, path: String?) -> String {
        let file = path.map(pythonString) ?? "path"
        return "this is a torch.save file (\(format)), not safetensors; convert it in Python with "
            + "`safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")` "
            + "(for a saved state dict: `save_file(torch.load(\(file)), \"model.safetensors\")`; for a whole saved model, only for a file you trust: "
            + "`save_file(torch.load(\(file), weights_only=False).state_dict(), \"model.safetensors\")`)"
    }

    /// `text` as a Python string literal in double quotes, e.g. `"runs/my \"best\".pt"`: a
    /// JSON string literal, which Python reads alike, with backticks and DEL escaped too (a
    /// backtick would end the code span that a message shows the Python in).
    static func pythonString(_ text: String) -> String {
        JSONWriter.stringLiteral(text, escaping: ["`", "\u{7F}"])
    }

    /// The largest shape entry or data offset read: 2^53, the largest whole number a JSON
    /// number read as a `Double` holds exactly.
    static let largestInteger: Double = 9_007_199_254_740_992

    /// `9223372036854775808 is too large (at most 9007199254740992)` for a whole number
    /// above ``largestInteger``; nil for any other value.
    static func tooLarge(_ value: JSONValue) -> String? {
        guard let number = value.number, number > largestInteger, number.isFinite, number == number.rounded(.towardZero) else { return nil }
        let written = number < 0x1p64 ? String(UInt64(number)) : JSONWriter.text(value)
        return "\(written) is too large (at most \(Int(largestInteger)))"
    }

    /// A whole number from 0 to ``largestInteger``; nil for any other value.
    static func integer(_ value: JSONValue) -> Int? {
        guard let number = value.number, number >= 0, number <= largestInteger, number == number.rounded(.towardZero) else { return nil }
        return Int(number)
    }

    static func decodeValues(_ bytes: [UInt8], from start: Int, count: Int, dtype: TensorDType) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        func word(_ index: Int, _ size: Int) -> UInt64 {
            var result: UInt64 = 0
            let base = start + index * size
            for k in 0..<size { result |= UInt64(bytes[base + k]) << (8 * UInt64(k)) }
            return result
        }
        for i in 0..<count {
            switch dtype {
            case .f64: values[i] = Double(bitPattern: word(i, 8))
            case .f32: values[i] = Double(Float(bitPattern: UInt32(word(i, 4))))
            case .bf16: values[i] = Double(Float(bitPattern: UInt32(word(i, 2)) << 16))
            case .f16: values[i] = halfToDouble(UInt16(word(i, 2)))
            default: values[i] = 0
            }
        }
        return values
    }

    /// IEEE 754 binary16 to Float64 (subnormals, infinities and NaN included).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1.0p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// Encodes tensors as a safetensors file in F64, F32, F16 or BF16, in the set's order,
    /// each value rounded to nearest, ties to even (``TensorDType/bits(of:)``).
    public static func encode(_ tensors: ParameterSet, dtype: TensorDType = .f64, metadata: [String: String] = [:]) throws -> [UInt8] {
        guard dtype.isWritable else {
            throw SafeTensorsError("rnnlab writes safetensors as F64, F32, F16 or BF16, not \(dtype.rawValue)")
        }
        var members: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for (name, tensor) in tensors.pairs {
            let size = tensor.count * dtype.byteCount
            members.append((name, .object([
                ("dtype", .string(dtype.rawValue)),
                ("shape", .array(tensor.shape.map { .number(Double($0)) })),
                ("data_offsets", .array([.number(Double(offset)), .number(Double(offset + size))])),
            ])))
            offset += size
        }
        var header = Array(JSONWriter.text(.object(members)).utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        let length = UInt64(header.count)
        for i in 0..<8 { bytes.append(UInt8((length >> (8 * UInt64(i))) & 0xFF)) }
        bytes += header
        for tensor in tensors.tensors {
            for value in tensor.values {
                let bits = dtype.bits(of: value)
                for k in 0..<dtype.byteCount { bytes.append(UInt8((bits >> (8 * UInt64(k))) & 0xFF)) }
            }
        }
        return bytes
    }

    /// Reads and decodes a whole file, every floating-point tensor of it; to read some of a
    /// large file's tensors, use ``SafeTensorsReader``.
    public static func read(path: String, shouldStop: ShouldStop? = nil) throws -> SafeTensorsFile {
        try SafeTensorsReader(path: path, shouldStop: shouldStop).readAll(shouldStop: shouldStop)
    }

    /// How many of the values of `tensors` are finite but too large for `dtype`, and so are
    /// written as ±infinity (65520 and more in F16).
    public static func overflowCount(_ tensors: ParameterSet, as dtype: TensorDType) -> Int {
        guard dtype != .f64 else { return 0 }
        return tensors.tensors.reduce(0) { count, tensor in
            count + tensor.values.reduce(0) { $0 + ($1.isFinite && dtype.rounded($1).isInfinite ? 1 : 0) }
        }
    }

    /// Encodes and writes a file.
    public static func write(_ tensors: ParameterSet, to path: String, dtype: TensorDType = .f64, metadata: [String: String] = [:]) throws {
        try FileBytes.write(try encode(tensors, dtype: dtype, metadata: metadata), to: path)
    }
}
