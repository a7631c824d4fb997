/// Deterministic payloads and the checksum the mock HTTP server and test client agree on, so a
/// test can check a large body end to end without keeping a copy. Pure functions; any thread.
public enum MockHTTPPayload {
  /// `count` bytes of a fixed pattern (byte `i` is `i % 251`, so chunk and buffer boundaries
  /// never line up with it).
  public static func bytes(_ count: Int) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(count)
    while result.count < count { result.append(contentsOf: cycle.prefix(count - result.count)) }
    return result
  }

  private static let cycle: [UInt8] = (0..<251).map { UInt8($0) }

  /// 32-bit FNV-1a of `bytes`, as 8 lowercase hex digits (the `X-Checksum` header).
  public static func checksum(_ bytes: [UInt8]) -> String {
    // An index loop over the raw bytes: the array iterator costs ~25× more in a debug build,
    // over a second for a 10 MB body.
    let hash = bytes.withUnsafeBufferPointer { raw in
      var hash: UInt32 = 0x811C_9DC5
      var index = 0
      while index < raw.count {
        hash = (hash ^ UInt32(raw[index])) &* 0x0100_0193
        index += 1
      }
      return hash
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
