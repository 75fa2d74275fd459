#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of a safetensors file: tensors widened to Float64, in data order.
///
/// Tensors of a type rnnlab does not read (integers, booleans, 8-bit floats: a batch
/// norm's `num_batches_tracked`, a mask) are named but not decoded; whoever uses one of
/// them refuses it (``RecurrentNetwork/moduleStateDict(of:prefix:)``).
public struct SafeTensorsFile: Equatable, Sendable {
    /// The floating-point tensors (``TensorDType/isReadable``) by name, in the order of
    /// their data in the file.
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
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError("\(source): \(message)") }
        // A file whose header cannot be read may be PyTorch's own format: say so rather than
        // what its first bytes would mean as a header.
        func unreadable(_ message: String) -> SafeTensorsError {
            fail(torchSaveFormat(of: bytes).map { torchSaveAdvice($0, path: path) } ?? message)
        }
        guard bytes.count >= 8 else {
            throw unreadable("truncated: \(bytes.count) bytes, fewer than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(maximumHeaderSize) else {
            throw unreadable("header length \(headerLength) out of range (at most \(maximumHeaderSize) bytes); this is not a safetensors file or it is corrupt")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw unreadable("truncated: the header claims \(headerLength) bytes but the file has only \(bytes.count - 8) after the length")
        }
        let header: JSONValue
        do { header = try JSONParser.parse(Array(bytes[8..<headerEnd]), maximumDepth: 8, shouldStop: shouldStop) } catch let error as JSONParseError {
            throw unreadable("header is not valid JSON (\(error))")
        }
        guard let members = header.members else { throw fail("header is not a JSON object") }
        let tensorCount = members.count - (members.contains { $0.0 == "__metadata__" } ? 1 : 0)
        guard tensorCount <= maximumTensorCount else { throw fail("\(tensorCount) tensors, more than \(maximumTensorCount)") }
        let dataLength = bytes.count - headerEnd

        struct Entry { let name: String; let dtype: TensorDType; let shape: [Int]; let begin: Int; let end: Int }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (index, (name, value)) in members.enumerated() {
            if index % tensorsBetweenChecks == tensorsBetweenChecks - 1, shouldStop?() == true { throw NetworkError.stopped }
            if name == "__metadata__" {
                guard let pairs = value.members else { throw fail("`__metadata__` must be an object of strings") }
                for (key, item) in pairs {
                    guard let text = item.string else { throw fail("`__metadata__`.\(key) must be a string") }
                    metadata[key] = text
                }
                continue
            }
            guard name.utf8.count <= maximumNameLength else {
                throw fail("a tensor name of \(name.utf8.count) bytes (`\(name.prefix(40))…`); names may have at most \(maximumNameLength)")
            }
            guard value.members != nil else { throw fail("tensor `\(name)`: entry is not an object") }
            guard let dtypeName = value["dtype"]?.string else { throw fail("tensor `\(name)`: missing `dtype`") }
            guard let dtype = TensorDType(rawValue: dtypeName) else {
                throw fail("tensor `\(name)`: unknown dtype `\(dtypeName)`")
            }
            guard let shapeValues = value["shape"]?.array else { throw fail("tensor `\(name)`: missing `shape`") }
            guard shapeValues.count <= 16 else { throw fail("tensor `\(name)`: \(shapeValues.count) dimensions (at most 16)") }
            var shape: [Int] = []
            var elements = 1
            for dimension in shapeValues {
                guard let size = integer(dimension) else {
                    throw fail("tensor `\(name)`: shape entries must be non-negative integers")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow, product <= bytes.count else {
                    let written = shapeValues.map { integer($0).map(String.init) ?? "\($0.number ?? .nan)" }.joined(separator: ", ")
                    throw fail("tensor `\(name)`: shape [\(written)] has more elements than the file has bytes")
                }
                elements = product
                shape.append(size)
            }
            guard let offsets = value["data_offsets"]?.array, offsets.count == 2,
                  let begin = integer(offsets[0]), let end = integer(offsets[1]) else {
                throw fail("tensor `\(name)`: `data_offsets` must be two non-negative integers [begin, end]")
            }
            guard begin <= end else {
                throw fail("tensor `\(name)`: data_offsets [\(begin), \(end)] are reversed, the end before the start; the header is corrupt: save the file again")
            }
            guard end <= dataLength else {
                throw fail("tensor `\(name)`: data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data buffer (truncated file?)")
            }
            guard end - begin == elements * dtype.byteCount else {
                throw fail("tensor `\(name)`: data_offsets span \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) needs \(elements * dtype.byteCount)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        let ordered = entries.enumerated().sorted { ($0.element.begin, $0.element.end, $0.offset) < ($1.element.begin, $1.element.end, $1.offset) }.map(\.element)
        var expectedBegin = 0
        for entry in ordered {
            guard entry.begin == expectedBegin else {
                throw fail(entry.begin < expectedBegin
                    ? "tensor `\(entry.name)`: data_offsets [\(entry.begin), \(entry.end)] overlap the previous tensor"
                    : "tensor `\(entry.name)`: gap in the data buffer before offset \(entry.begin)")
            }
            expectedBegin = entry.end
        }
        guard expectedBegin == dataLength else {
            throw fail("the tensors cover \(expectedBegin) bytes but the data buffer has \(dataLength); the file length does not match its header")
        }
        var tensors = ParameterSet()
        var dtypes: [String: TensorDType] = [:]
        var sinceCheck = (tensors: 0, bytes: 0)
        for entry in ordered {
            dtypes[entry.name] = entry.dtype
            guard entry.dtype.isReadable else { continue }
            sinceCheck = (sinceCheck.tensors + 1, sinceCheck.bytes + entry.end - entry.begin)
            if sinceCheck.tensors >= tensorsBetweenChecks || sinceCheck.bytes >= bytesBetweenChecks {
                sinceCheck = (0, 0)
                if shouldStop?() == true { throw NetworkError.stopped }
            }
            let values = decodeValues(bytes, from: headerEnd + entry.begin, count: (entry.end - entry.begin) / entry.dtype.byteCount, dtype: entry.dtype)
            tensors[entry.name] = Tensor(shape: entry.shape, values: values)!
        }
        return SafeTensorsFile(tensors: tensors, names: ordered.map(\.name), dtypes: dtypes, metadata: metadata)
    }

    /// What `torch.save` made `bytes`, judged by their first bytes: a zip archive (`PK\\x03\\x04`,
    /// PyTorch 1.6 on) or a pickle (`\\x80` and a protocol number, earlier PyTorch or
    /// `_use_new_zipfile_serialization=False`); nil for anything else.
    static func torchSaveFormat(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive" }
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return "a pickle" }
        return nil
    }

    /// What to do with a file `torch.save` wrote in `format`, read from `path` (nil: the
    /// Python names it `path`). A whole model saved with `torch.save(model)` loads only with
    /// `weights_only=False` since PyTorch 2.6, which runs code from the file.
    private static func torchSaveAdvice(_ format: String, path: String?) -> String {
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

    private static func integer(_ value: JSONValue) -> Int? {
        guard let number = value.number, number >= 0, number <= 9_007_199_254_740_992, number == number.rounded(.towardZero) else { return nil }
        return Int(number)
    }

    private static func decodeValues(_ bytes: [UInt8], from start: Int, count: Int, dtype: TensorDType) -> [Double] {
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

    /// Encodes tensors as a safetensors file in F64 or F32, in the set's order.
    public static func encode(_ tensors: ParameterSet, dtype: TensorDType = .f64, metadata: [String: String] = [:]) throws -> [UInt8] {
        guard dtype == .f64 || dtype == .f32 else {
            throw SafeTensorsError("rnnlab writes safetensors as F64 or F32, not \(dtype.rawValue)")
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
                let bits: UInt64 = dtype == .f64 ? value.bitPattern : UInt64(Float(value).bitPattern)
                for k in 0..<dtype.byteCount { bytes.append(UInt8((bits >> (8 * UInt64(k))) & 0xFF)) }
            }
        }
        return bytes
    }

    /// Reads and decodes a file (``decode(_:source:path:shouldStop:)``).
    public static func read(path: String, shouldStop: ShouldStop? = nil) throws -> SafeTensorsFile {
        try decode(try FileBytes.read(path: path), source: path, path: path, shouldStop: shouldStop)
    }

    /// Encodes and writes a file.
    public static func write(_ tensors: ParameterSet, to path: String, dtype: TensorDType = .f64, metadata: [String: String] = [:]) throws {
        try FileBytes.write(try encode(tensors, dtype: dtype, metadata: metadata), to: path)
    }
}
