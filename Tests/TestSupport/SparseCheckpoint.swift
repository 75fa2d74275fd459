import Foundation
import RNNEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a safetensors file at `path` of `large` tensors whose data is a hole (zeros the
/// file system does not store, so a file of hundreds of megabytes costs nothing) followed
/// by `module`'s tensors as F64 under `prefix`.
public func writeSparseCheckpoint(_ path: String, large: [(name: String, dtype: String, shape: [Int])], module: ParameterSet, prefix: String) throws {
    let byteCounts = ["F64": 8, "F32": 4, "F16": 2, "BF16": 2]
    var entries: [String] = []
    var offset = 0
    for tensor in large {
        let size = tensor.shape.reduce(1, *) * byteCounts[tensor.dtype]!
        entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + size)]}")
        offset += size
    }
    let holeEnd = offset
    var data: [UInt8] = []
    for (name, tensor) in module.pairs {
        let size = tensor.count * 8
        entries.append("\"\(prefix)\(name)\":{\"dtype\":\"F64\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + size)]}")
        offset += size
        data += tensor.values.flatMap { value in (0..<8).map { UInt8((value.bitPattern >> (8 * UInt64($0))) & 0xFF) } }
    }
    let header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    let length = UInt64(header.count)
    let start = (0..<8).map { UInt8((length >> (8 * UInt64($0))) & 0xFF) } + header
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(descriptor) }
    let dataStart = start.count
    guard pwrite(descriptor, start, start.count, 0) == start.count,
          data.isEmpty || pwrite(descriptor, data, data.count, off_t(dataStart + holeEnd)) == data.count,
          ftruncate(descriptor, off_t(dataStart + offset)) == 0 else {
        throw CocoaError(.fileWriteUnknown)
    }
}
