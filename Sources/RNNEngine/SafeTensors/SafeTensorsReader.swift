#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file opened for reading: its header is read and checked at once, and
/// only the tensors asked for are read afterwards, each from its own byte range.
///
/// A language model's checkpoint may hold an embedding of hundreds of megabytes beside an
/// LSTM of a few kilobytes; reading the LSTM reads the header and the LSTM's bytes only.
///
/// ```swift
/// let reader = try SafeTensorsReader(path: "model.safetensors")
/// let wanted = reader.header.names.filter { $0.hasPrefix("rnn.") }
/// guard reader.header.bytesRead(reading: wanted) <= 256 << 20 else { ... }
/// let file = try reader.read(wanted)
/// ```
public final class SafeTensorsReader {
    /// The file's path.
    public let path: String
    /// What the messages call the file.
    public let source: String
    /// The file's length in bytes.
    public let fileLength: Int
    /// The header, checked against the file's length.
    public let header: SafeTensorsHeader
    /// The open file.
    private let descriptor: Int32

    /// Opens the file at `path` and reads its header (at most
    /// ``SafeTensors/maximumHeaderSize`` bytes), validating every rule of the format.
    ///
    /// - Parameters:
    ///   - source: what the messages call the file (default: `path`); the advice for a
    ///     `torch.save` file names `path` in its Python.
    ///   - shouldStop: asked every so often (a header of 100,000 names takes a while); when
    ///     it says so, this throws ``NetworkError/stopped``.
    public init(path: String, source: String? = nil, shouldStop: ShouldStop? = nil) throws {
        let source = source ?? path
        let (descriptor, size) = try FileBytes.openRegularFile(path: path, source: source)
        do {
            header = try SafeTensorsHeader(fileLength: size, source: source, path: path, shouldStop: shouldStop) { offset, count in
                try FileBytes.read(descriptor, offset: offset, count: count, source: source)
            }
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.source = source
        self.fileLength = size
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The file's contents with the floating-point tensors among `names` read (all of them
    /// when `names` is nil); the others are named, with their types, but not read.
    public func read(_ names: [String]?, shouldStop: ShouldStop? = nil) throws -> SafeTensorsFile {
        try header.contents(reading: names.map(Set.init), shouldStop: shouldStop) { offset, count in
            try FileBytes.read(descriptor, offset: offset, count: count, source: source)
        }
    }

    /// The file's contents, every floating-point tensor read.
    public func readAll(shouldStop: ShouldStop? = nil) throws -> SafeTensorsFile {
        try read(nil, shouldStop: shouldStop)
    }
}
