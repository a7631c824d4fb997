import Foundation

/// Reads one configuration file as text, or says why it cannot be one: it cannot be opened
/// (with the system's reason), it is too large, or it holds binary bytes. Reads in bounded
/// chunks and stops at the first binary byte or past the size limit, so a device (`-f
/// /dev/zero`), a pipe or a huge file gets one message instead of exhausting memory. Runs on
/// the loading thread.
enum ConfigFileContents {
  static let chunkSize = 64 * 1024

  static func text(of file: String, limits: ReaderLimits, into diagnostics: inout Diagnostics) -> String? {
    let descriptor = open(file, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      diagnostics.alert("Cannot open configuration file \(file) : \(String(cString: strerror(errno)))")
      return nil
    }
    defer { close(descriptor) }
    var info = stat()
    if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limits.maxFileSize {
      diagnostics.alert(tooLarge(file, size: "\(info.st_size) bytes", limits: limits))
      return nil
    }
    var data: [UInt8] = []
    var lines = 1
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        diagnostics.alert("Cannot read configuration file \(file) : \(String(cString: strerror(errno)))")
        return nil
      }
      if count == 0 { break }
      let bytes = chunk[0..<count]
      if let offset = bytes.firstIndex(where: isBinary) {
        lines += bytes[..<offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        diagnostics.alert(
          "configuration file \(file) is not text (binary byte 0x\(String(bytes[offset], radix: 16)) at offset \(data.count + offset)): check the -f path",
          at: SourceLocation(file: file, line: lines))
        return nil
      }
      lines += bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
      data.append(contentsOf: bytes)
      if data.count > limits.maxFileSize {
        diagnostics.alert(tooLarge(file, size: "more than \(limits.maxFileSize) bytes", limits: limits))
        return nil
      }
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// Control characters other than tab, line feed, form feed and carriage return.
  static func isBinary(_ byte: UInt8) -> Bool {
    byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D
  }

  static func tooLarge(_ file: String, size: String, limits: ReaderLimits) -> String {
    "configuration file \(file) is \(size), over the \(limits.maxFileSize)-byte limit: is it really a configuration file?"
  }
}
