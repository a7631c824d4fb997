import FulcrumProxy
import Testing

@Suite struct HTTP1ChunkedBodyDecoderTests {
  typealias M = HTTP1TestMessages

  /// What decoding a body in pieces produced, offsets made absolute.
  struct Outcome: Equatable {
    var data: [UInt8] = []
    var forwarded = 0
    var end: Int?
    var error: HTTP1ParseError?
  }

  /// Feeds `bytes` in the pieces `cuts` delimit, as successive reads.
  static func decode(
    _ bytes: [UInt8], cuts: [Int], side: HTTP1MessageSide = .request, limits: HTTP1Limits = .default
  )
    -> Outcome
  {
    var decoder = HTTP1ChunkedBodyDecoder(side: side, limits: limits)
    var outcome = Outcome()
    var start = 0
    for stop in cuts + [bytes.count] where stop >= start {
      let piece = Array(bytes[start..<stop])
      let progress = decoder.consume(piece.span) { range in outcome.data += piece[range] }
      switch progress {
      case .body(let count):
        #expect(count == piece.count)
        outcome.forwarded += count
      case .end(let count):
        outcome.forwarded += count
        outcome.end = start + count
        return outcome
      case .invalid(var error):
        error.offset += start
        outcome.error = error
        return outcome
      }
      start = stop
    }
    return outcome
  }

  static let validBodies: [(String, String)] = [
    ("5\r\nhello\r\n0\r\n\r\n", "hello"),
    ("3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n", "abcdefg"),
    ("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n", "01234567890123456789"),
    ("0003\r\nabc\r\n000\r\n\r\n", "abc"),
    ("0000000000000000003\r\nabc\r\n0\r\n\r\n", "abc"),
    ("3;name=value\r\nabc\r\n0;last\r\n\r\n", "abc"),
    ("3 ;a=\"x y\";b\r\nabc\r\n0\r\n\r\n", "abc"),
    ("3\t; a = b\r\nabc\r\n0\r\n\r\n", "abc"),
    ("3\r\nabc\r\n0\r\nExpires: never\r\nX-Checksum:\t1 2\r\n\r\n", "abc"),
    ("2\r\n\r\n\r\n0\r\n\r\n", "\r\n"),
    ("0\r\n\r\n", ""),
  ]

  @Test func validBodiesSplitAtEveryOffset() {
    for (text, payload) in Self.validBodies {
      let bytes = M.bytes(text + "GET /next")
      let expected = Outcome(data: M.bytes(payload), forwarded: text.utf8.count, end: text.utf8.count)
      #expect(Self.decode(bytes, cuts: []) == expected, "\(text.debugDescription)")
      for cut in 0...bytes.count {
        #expect(Self.decode(bytes, cuts: [cut]) == expected, "\(text.debugDescription) cut \(cut)")
      }
      #expect(Self.decode(bytes, cuts: Array(0...bytes.count)) == expected, "\(text.debugDescription) bytewise")
      for step in 2...7 {
        #expect(
          Self.decode(bytes, cuts: Array(stride(from: 0, through: bytes.count, by: step))) == expected,
          "\(text.debugDescription) step \(step)")
      }
    }
  }

  static let invalidBodies: [(String, HTTP1ParseError.Reason, Int)] = [
    ("zz\r\nab\r\n0\r\n\r\n", .invalidChunkSize, 0),
    ("\r\nabc\r\n0\r\n\r\n", .invalidChunkSize, 0),
    ("-3\r\nabc\r\n0\r\n\r\n", .invalidChunkSize, 0),
    ("0x3\r\nabc\r\n0\r\n\r\n", .invalidChunkSize, 1),
    ("3 x\r\nabc\r\n0\r\n\r\n", .invalidChunkSize, 2),
    ("3 4\r\nabcd\r\n0\r\n\r\n", .invalidChunkSize, 2),
    (" 3\r\nabc\r\n0\r\n\r\n", .invalidChunkSize, 0),
    ("8000000000000000\r\n", .chunkSizeOverflow, 15),
    ("ffffffffffffffffff\r\n", .chunkSizeOverflow, 15),
    ("3\nabc\r\n0\r\n\r\n", .bareLineFeed, 1),
    ("3\r\nabc\n0\r\n\r\n", .missingChunkTerminator, 6),
    ("3\r\nabc\r0\r\n\r\n", .missingChunkTerminator, 7),
    ("3\r\nabcX\r\n0\r\n\r\n", .missingChunkTerminator, 6),
    ("3\rabc", .bareCarriageReturn, 2),
    ("3;a\u{01}\r\nabc\r\n0\r\n\r\n", .invalidChunkExtension, 3),
    ("3;a\rb\r\nabc\r\n0\r\n\r\n", .bareCarriageReturn, 4),
    ("3;a\nabc\r\n0\r\n\r\n", .bareLineFeed, 3),
    ("0\r\nX Y: 1\r\n\r\n", .spaceBeforeColon, 4),
    ("0\r\nX@Y: 1\r\n\r\n", .invalidTrailer, 4),
    ("0\r\n@: 1\r\n\r\n", .invalidTrailer, 3),
    ("0\r\nXY\r\n\r\n", .missingColon, 5),
    ("0\r\nX: 1\r\n 2\r\n\r\n", .obsoleteLineFolding, 9),
    ("0\r\nX: 1\n\r\n", .bareLineFeed, 7),
    ("0\r\nX: a\u{00}\r\n\r\n", .invalidHeaderValue, 7),
    ("0\r\n\n", .bareLineFeed, 3),
    ("0\r\n\rX", .bareCarriageReturn, 4),
  ]

  @Test func invalidBodiesFailAtTheSameByteWhateverTheSplit() {
    for (text, reason, offset) in Self.invalidBodies {
      let bytes = M.bytes(text)
      for cut in 0...bytes.count {
        let outcome = Self.decode(bytes, cuts: [cut])
        #expect(outcome.error?.reason == reason, "\(text.debugDescription) cut \(cut): \(outcome)")
        #expect(outcome.error?.offset == offset, "\(text.debugDescription) cut \(cut)")
        #expect(outcome.error?.status == 400)
      }
      #expect(Self.decode(bytes, cuts: Array(0...bytes.count)).error?.reason == reason)
      #expect(Self.decode(bytes, cuts: [], side: .response).error?.status == 502)
    }
  }

  @Test func aFailedDecoderStaysFailed() {
    var decoder = HTTP1ChunkedBodyDecoder(side: .request)
    let bad = M.bytes("z")
    guard case .invalid(let error) = decoder.consume(bad.span) else {
      Issue.record("accepted")
      return
    }
    let good = M.bytes("0\r\n\r\n")
    #expect(decoder.consume(good.span) == .invalid(error))
    #expect(!decoder.isComplete)
  }

  @Test func sizeLinesAndTrailersAreBounded() {
    let limits = HTTP1Limits(bufferSize: 64, maxRewrite: 32, maxHeaders: 3)
    let longExtension = "1;" + String(repeating: "x", count: 40) + "\r\na\r\n0\r\n\r\n"
    #expect(Self.decode(M.bytes(longExtension), cuts: [], limits: limits).error?.reason == .chunkLineTooLong)
    let zeros = String(repeating: "0", count: 29) + "1\r\na\r\n0\r\n\r\n"
    #expect(Self.decode(M.bytes(zeros), cuts: [], limits: limits).end != nil)
    let longTrailer = "0\r\nX: " + String(repeating: "v", count: 40) + "\r\n\r\n"
    #expect(Self.decode(M.bytes(longTrailer), cuts: [], limits: limits).error?.reason == .trailersTooLarge)
    let manyTrailers = "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
    #expect(Self.decode(M.bytes(manyTrailers), cuts: [], limits: limits).error?.reason == .tooManyHeaders)
    #expect(Self.decode(M.bytes("0\r\nA: 1\r\nB: 2\r\n\r\n"), cuts: [], limits: limits).end != nil)
  }

  @Test func aHugeChunkIsForwardedWithoutLookingAtIt() {
    var decoder = HTTP1ChunkedBodyDecoder(side: .response)
    let header = M.bytes("7fffffffffffffff\r\n")
    #expect(decoder.consume(header.span) == .body(count: header.count))
    let data = [UInt8](repeating: 0x0A, count: 4096)
    var seen = 0
    #expect(decoder.consume(data.span) { seen += $0.count } == .body(count: 4096))
    #expect(seen == 4096)
  }
}
