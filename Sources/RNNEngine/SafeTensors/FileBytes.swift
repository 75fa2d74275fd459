#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File reads (whole, or a range) and writes through the C library.
enum FileBytes {
    /// The largest file read, in bytes (4 GiB).
    static let maximumSize = 1 << 32

    /// The bytes of the regular file at `path` (a directory, device, pipe or socket is
    /// refused before anything is read: reading one could block or never end).
    static func read(path: String) throws -> [UInt8] {
        let (descriptor, size) = try openRegularFile(path: path, source: path)
        defer { close(descriptor) }
        guard size <= maximumSize else { throw SafeTensorsError("\(path): size \(size) is out of range") }
        return try read(descriptor, offset: 0, count: size, source: path)
    }

    /// Opens the regular file at `path` for reading: its descriptor, which the caller
    /// closes, and its size. A directory, device, pipe or socket is refused before anything
    /// is read: reading one could block or never end. Errors call the file `source`.
    static func openRegularFile(path: String, source: String) throws -> (descriptor: Int32, size: Int) {
        // O_NONBLOCK: opening a named pipe must not wait for a writer before fstat says what it is
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SafeTensorsError("\(source): cannot open (\(String(cString: strerror(errno)))); check the path")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw SafeTensorsError("\(source): cannot read (\(reason))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw SafeTensorsError("\(source): not a regular file (a folder, device or pipe); give a .safetensors file")
        }
        let size = Int(status.st_size)
        guard size >= 0 else {
            close(descriptor)
            throw SafeTensorsError("\(source): size \(size) is out of range")
        }
        return (descriptor, size)
    }

    /// The `count` bytes at `offset` of the open file `descriptor` (called `source` in errors).
    static func read(_ descriptor: Int32, offset: Int, count: Int, source: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { readSome(descriptor, $0.baseAddress! + done, count - done, offset + done) }
            if got < 0, errno == EINTR || errno == EAGAIN { continue }
            guard got > 0 else {
                throw SafeTensorsError("\(source): read \(done) of \(count) bytes at offset \(offset)\(got < 0 ? " (\(String(cString: strerror(errno))))" : "; the file is shorter than it was")")
            }
            done += got
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

/// `pread(2)`, named apart from ``FileBytes/read(path:)``.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
    pread(descriptor, buffer, count, off_t(offset))
}
