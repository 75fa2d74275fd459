#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes through the C library.
enum FileBytes {
    /// The largest file read, in bytes (4 GiB).
    static let maximumSize = 1 << 32

    /// The bytes of the regular file at `path` (a directory, device, pipe or socket is
    /// refused before anything is read: reading one could block or never end).
    static func read(path: String) throws -> [UInt8] {
        // O_NONBLOCK: opening a named pipe must not wait for a writer before fstat says what it is
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SafeTensorsError("\(path): cannot open (\(String(cString: strerror(errno)))); check the path")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafeTensorsError("\(path): cannot read (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SafeTensorsError("\(path): not a regular file (a folder, device or pipe); give a .safetensors file")
        }
        let size = Int(status.st_size)
        guard size >= 0, size <= maximumSize else { throw SafeTensorsError("\(path): size \(size) is out of range") }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = bytes.withUnsafeMutableBytes { readSome(descriptor, $0.baseAddress! + done, size - done) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else {
                throw SafeTensorsError("\(path): read \(done) of \(size) bytes\(count < 0 ? " (\(String(cString: strerror(errno))))" : "")")
            }
            done += count
        }
        return bytes
    }

    /// The size in bytes of the file at `path`, or nil when it cannot be found.
    static func size(path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
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

/// `read(2)`, named apart from ``FileBytes/read(path:)``.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
