/// A safetensors file's header, read and checked against the file's length: every tensor's
/// name, type, shape and place, without its data.
///
/// Checking the header alone checks the whole layout: the tensors must cover the data
/// buffer from its start to the file's end, without gaps or overlaps, each as many bytes as
/// its shape and type need. So the data of a few tensors can then be read on their own
/// (``SafeTensorsReader``) from a file too large to read whole.
public struct SafeTensorsHeader: Sendable, Equatable {
    /// One tensor: its name, element type, shape and bytes in the data buffer.
    public struct Entry: Sendable, Equatable {
        /// The tensor's name, e.g. `rnn.weight_ih_l0`.
        public var name: String
        /// Its element type.
        public var dtype: TensorDType
        /// Its shape, outermost dimension first.
        public var shape: [Int]
        /// Where its data begins in the data buffer (after the header).
        public var begin: Int
        /// Where its data ends in the data buffer, exclusive.
        public var end: Int
        /// The bytes of its data.
        public var byteCount: Int { end - begin }
    }

    /// The tensors, in the order of their data.
    public var entries: [Entry]
    /// The `__metadata__` string pairs.
    public var metadata: [String: String]
    /// Where the data buffer begins in the file: 8 + the header's length.
    public var dataStart: Int

    /// The names of all the tensors, in the order of their data.
    public var names: [String] { entries.map(\.name) }
    /// The element type of each tensor.
    public var dtypes: [String: TensorDType] {
        Dictionary(entries.map { ($0.name, $0.dtype) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads and checks the header of a file of `fileLength` bytes, every rule of the format.
    ///
    /// - Parameters:
    ///   - source: what the messages call the data, e.g. its file's path.
    ///   - path: the file, if any; the advice for a `torch.save` file names it.
    ///   - shouldStop: asked every so often; when it says so, this throws ``NetworkError/stopped``.
    ///   - read: the `count` bytes of the file at `offset` (asked for the first 8 and for the
    ///     header, only within the file).
    init(
        fileLength: Int, source: String, path: String?, shouldStop: ShouldStop?,
        read: (_ offset: Int, _ count: Int) throws -> [UInt8]
    ) throws {
        let start = try read(0, min(8, fileLength))
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError("\(source): \(message)") }
        // A file whose header cannot be read may be PyTorch's own format or NumPy's: say so
        // rather than what its first bytes would mean as a header.
        func unreadable(_ message: String) -> SafeTensorsError {
            if SafeTensors.isNumPyArchive(firstEntry: SafeTensors.firstZipEntryName(fileLength: fileLength, read: read)) {
                return fail(SafeTensors.numPyAdvice(path: path))
            }
            return fail(SafeTensors.torchSaveFormat(of: start).map { SafeTensors.torchSaveAdvice($0, path: path) } ?? message)
        }
        guard fileLength >= 8 else {
            throw unreadable("truncated: \(fileLength) bytes, fewer than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(start[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(SafeTensors.maximumHeaderSize) else {
            throw unreadable("header length \(headerLength) out of range (at most \(SafeTensors.maximumHeaderSize) bytes); this is not a safetensors file or it is corrupt")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= fileLength else {
            throw unreadable("truncated: the header claims \(headerLength) bytes but the file has only \(fileLength - 8) after the length")
        }
        let header: JSONValue
        do { header = try JSONParser.parse(try read(8, Int(headerLength)), maximumDepth: 8, shouldStop: shouldStop) } catch let error as JSONParseError {
            throw unreadable("header is not valid JSON (\(error))")
        }
        guard let members = header.members else { throw fail("header is not a JSON object") }
        let tensorCount = members.count - (members.contains { $0.0 == "__metadata__" } ? 1 : 0)
        guard tensorCount <= SafeTensors.maximumTensorCount else { throw fail("\(tensorCount) tensors, more than \(SafeTensors.maximumTensorCount)") }
        let dataLength = fileLength - headerEnd

        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (index, (name, value)) in members.enumerated() {
            if index % SafeTensors.tensorsBetweenChecks == SafeTensors.tensorsBetweenChecks - 1, shouldStop?() == true { throw NetworkError.stopped }
            if name == "__metadata__" {
                guard let pairs = value.members else { throw fail("`__metadata__` must be an object of strings") }
                for (key, item) in pairs {
                    guard let text = item.string else { throw fail("`__metadata__`.\(key) must be a string") }
                    metadata[key] = text
                }
                continue
            }
            guard name.utf8.count <= SafeTensors.maximumNameLength else {
                throw fail("a tensor name of \(name.utf8.count) bytes (`\(name.prefix(40))…`); names may have at most \(SafeTensors.maximumNameLength)")
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
                guard let size = SafeTensors.integer(dimension) else {
                    if let tooLarge = SafeTensors.tooLarge(dimension) { throw fail("tensor `\(name)`: shape entry \(tooLarge)") }
                    throw fail("tensor `\(name)`: shape entries must be non-negative integers")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow, product <= fileLength else {
                    let written = shapeValues.map { SafeTensors.integer($0).map(String.init) ?? "\($0.number ?? .nan)" }.joined(separator: ", ")
                    throw fail("tensor `\(name)`: shape [\(written)] has more elements than the file has bytes")
                }
                elements = product
                shape.append(size)
            }
            guard let offsets = value["data_offsets"]?.array, offsets.count == 2,
                  let begin = SafeTensors.integer(offsets[0]), let end = SafeTensors.integer(offsets[1]) else {
                if let offsets = value["data_offsets"]?.array, offsets.count == 2, let tooLarge = offsets.lazy.compactMap(SafeTensors.tooLarge).first {
                    throw fail("tensor `\(name)`: data_offsets entry \(tooLarge)")
                }
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
        self.entries = ordered
        self.metadata = metadata
        self.dataStart = headerEnd
    }

    /// How many bytes reading the tensors `names` reads: the 8-byte length, the header and
    /// their data.
    public func bytesRead(reading names: some Sequence<String>) -> Int {
        let wanted = Set(names)
        return dataStart + entries.reduce(0) { $0 + (wanted.contains($1.name) && $1.dtype.isReadable ? $1.byteCount : 0) }
    }

    /// The file's contents with the floating-point tensors among `wanted` decoded (all of
    /// them when `wanted` is nil); every tensor is named, read or not.
    ///
    /// - Parameter read: the `count` bytes of the file at `offset` (asked only for the data
    ///   of the tensors read, each once, in the order of the file).
    func contents(
        reading wanted: Set<String>?, shouldStop: ShouldStop?, read: (_ offset: Int, _ count: Int) throws -> [UInt8]
    ) throws -> SafeTensorsFile {
        var tensors = ParameterSet()
        var sinceCheck = (tensors: 0, bytes: 0)
        for entry in entries where entry.dtype.isReadable && wanted?.contains(entry.name) != false {
            sinceCheck = (sinceCheck.tensors + 1, sinceCheck.bytes + entry.byteCount)
            if sinceCheck.tensors >= SafeTensors.tensorsBetweenChecks || sinceCheck.bytes >= SafeTensors.bytesBetweenChecks {
                sinceCheck = (0, 0)
                if shouldStop?() == true { throw NetworkError.stopped }
            }
            let data = try read(dataStart + entry.begin, entry.byteCount)
            let values = SafeTensors.decodeValues(data, from: 0, count: entry.byteCount / entry.dtype.byteCount, dtype: entry.dtype)
            tensors[entry.name] = Tensor(shape: entry.shape, values: values)!
        }
        return SafeTensorsFile(tensors: tensors, names: names, dtypes: dtypes, metadata: metadata)
    }
}
