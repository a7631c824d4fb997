import FulcrumProxy
import FulcrumTestSupport
import Testing

/// Random bytes and mutated valid messages, with a fixed seed so a failure reproduces: the
/// parsers never crash, always answer need-more, a head whose offsets stay inside it, or an
/// error with a status; and a split read agrees with a whole one.
@Suite struct HTTP1ParserFuzzTests {
  typealias M = HTTP1TestMessages

  static let interesting: [UInt8] = [
    0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x23, 0x2C, 0x3A, 0x3B, 0x3F, 0x7F, 0xFF, 0x30,
  ]

  static let corpus: [String] =
    HTTP1IncrementalParsingTests.validRequests + HTTP1RequestRejectionTests.smuggling.map(\.message) + [
      "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nT: v\r\n\r\n",
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    ]

  static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + Int(random.next() % 4)) {
      guard !bytes.isEmpty else { return bytes }
      let at = Int(random.next() % UInt64(bytes.count))
      let byte =
        random.next() % 2 == 0
        ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: random.next())
      switch random.next() % 5 {
      case 0: bytes[at] = byte
      case 1: bytes.insert(byte, at: at)
      case 2: bytes.remove(at: at)
      case 3: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
      default:
        let end = min(bytes.count, at + 1 + Int(random.next() % 24))
        bytes.insert(contentsOf: bytes[at..<end], at: at)
      }
    }
    return bytes
  }

  static func checkRequest(_ bytes: [UInt8], _ random: inout SplitMix64) {
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    let result = parser.parse(bytes.span, into: &head)
    switch result {
    case .needMoreBytes:
      break
    case .invalid(let error):
      #expect([400, 422, 505].contains(error.status))
      #expect(error.offset >= 0 && error.offset <= bytes.count)
    case .complete(let length):
      #expect(length <= bytes.count && head.length == length)
      for range in [head.methodRange, head.targetRange, head.pathRange] {
        #expect(range.lowerBound >= head.startOffset && range.upperBound <= length)
      }
      for field in head.headers.fields {
        #expect(field.nameRange.allSatisfy { bytes[$0] > 0x20 && bytes[$0] < 0x7F && bytes[$0] != 0x3A })
        #expect(field.valueRange.upperBound < length)
        #expect(field.valueRange.allSatisfy { ![0x00, 0x0A, 0x0D].contains(bytes[$0]) })
      }
      if head.framing == .chunked { #expect(head.headers.contentLength == nil) }
    }
    // The same bytes in two reads.
    let cut = Int(random.next() % UInt64(bytes.count + 1))
    var split = HTTP1RequestHeadParser()
    var splitHead = HTTP1RequestHead()
    let first = split.parse(Array(bytes[0..<cut]).span, into: &splitHead)
    let second = first == .needMoreBytes ? split.parse(bytes.span, into: &splitHead) : first
    #expect(second == result, "\(bytes) cut at \(cut)")
    if case .complete = result { #expect(splitHead == head) }
  }

  static func checkResponse(_ bytes: [UInt8]) {
    var parser = HTTP1ResponseHeadParser()
    var head = HTTP1ResponseHead()
    switch parser.parse(bytes.span, requestMethod: .get, into: &head) {
    case .needMoreBytes: break
    case .invalid(let error): #expect(error.status == 502)
    case .complete(let length):
      #expect(length <= bytes.count)
      #expect((100...999).contains(head.status))
    }
  }

  static func checkBody(_ bytes: [UInt8], _ random: inout SplitMix64) {
    var decoder = HTTP1ChunkedBodyDecoder(side: .request)
    var start = 0
    while start < bytes.count {
      let stop = min(bytes.count, start + 1 + Int(random.next() % 16))
      let piece = Array(bytes[start..<stop])
      let progress = decoder.consume(piece.span) { range in
        #expect(range.lowerBound >= 0 && range.upperBound <= piece.count)
      }
      switch progress {
      case .body(let count): #expect(count == piece.count)
      case .end(let count): #expect(count <= piece.count && decoder.isComplete)
      case .invalid(let error): #expect(error.offset < piece.count && error.status == 400)
      }
      if case .body = progress { start = stop } else { return }
    }
  }

  @Test func randomBytes() {
    var random = SplitMix64(seed: 0x5EED_0001)
    for _ in 0..<3_000 {
      let count = Int(random.next() % 300)
      var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      Self.checkRequest(bytes, &random)
      Self.checkResponse(bytes)
      Self.checkBody(bytes, &random)
      // Printable noise that looks more like HTTP.
      bytes = bytes.map { Self.interesting[Int($0) % Self.interesting.count] | (($0 & 1) == 0 ? 0 : 0x40) }
      Self.checkRequest(M.bytes("GET / HTTP/1.1\r\n") + bytes, &random)
      Self.checkBody(bytes, &random)
    }
  }

  @Test func mutatedRequests() {
    var random = SplitMix64(seed: 0x5EED_0002)
    let corpus = Self.corpus.map(M.bytes)
    for index in 0..<12_000 {
      let bytes = Self.mutate(corpus[index % corpus.count], &random)
      Self.checkRequest(bytes, &random)
    }
  }

  @Test func mutatedResponsesAndBodies() {
    var random = SplitMix64(seed: 0x5EED_0003)
    let responses = [
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n",
      "HTTP/1.0 101 Switching\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
    ].map(M.bytes)
    let bodies = HTTP1ChunkedBodyDecoderTests.validBodies.map { M.bytes($0.0) }
    for index in 0..<6_000 {
      Self.checkResponse(Self.mutate(responses[index % responses.count], &random))
      Self.checkBody(Self.mutate(bodies[index % bodies.count], &random), &random)
    }
  }
}
