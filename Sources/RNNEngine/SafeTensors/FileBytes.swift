#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes through the C library.
enum FileBytes {
    /// The largest file read, in bytes (4 GiB).
    static let maximumSize = 1 << 32

    /// The bytes of the file at `path`.
    static func read(path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw SafeTensorsError("\(path): cannot open (\(String(cString: strerror(errno)))); check the path")
        }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { throw SafeTensorsError("\(path): cannot seek; is it a regular file?") }
        let size = ftell(file)
        guard size >= 0, size <= maximumSize else { throw SafeTensorsError("\(path): size \(size) is out of range") }
        rewind(file)
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        guard read == size else { throw SafeTensorsError("\(path): read \(read) of \(size) bytes") }
        return bytes
    }

    /// Writes `bytes` to `path` through a temporary file renamed into place.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp"
        guard let file = fopen(temporary, "wb") else {
            throw SafeTensorsError("\(path): cannot create (\(String(cString: strerror(errno))))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            remove(temporary)
            throw SafeTensorsError("\(path): wrote \(written) of \(bytes.count) bytes")
        }
        guard rename(temporary, path) == 0 else {
            remove(temporary)
            throw SafeTensorsError("\(path): cannot rename the temporary file into place")
        }
    }
}
