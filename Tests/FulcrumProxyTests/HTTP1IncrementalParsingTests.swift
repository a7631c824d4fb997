import FulcrumProxy
import Testing

/// A head arriving in pieces parses exactly as it does in one read: whatever the split, every
/// proper prefix of a valid head needs more bytes, and an invalid head fails with the same error
/// at the same byte.
@Suite struct HTTP1IncrementalParsingTests {
  typealias M = HTTP1TestMessages

  static let validRequests = [
    HTTP1RequestHeadParserTests.browserGet,
    "\r\nPOST /upload?id=7 HTTP/1.0\r\nContent-Length: 3, 3\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n\r\nabc",
    "PUT http://a:80/p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
    "CONNECT [::1]:443 HTTP/1.1\r\nHost: x\r\nA:\r\nB:\t \r\n\r\n",
    "OPTIONS * HTTP/1.1\r\n\r\n",
  ]

  /// Parses `bytes` handing the parser a growing prefix, `step` more bytes each time.
  static func requestInSteps(_ bytes: [UInt8], step: Int) -> (HTTP1HeadParseResult, HTTP1RequestHead, [Int]) {
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    var needMoreAt: [Int] = []
    var available = 0
    while true {
      available = min(available + step, bytes.count)
      let prefix = Array(bytes[0..<available])
      let result = parser.parse(prefix.span, into: &head)
      if result != .needMoreBytes || available == bytes.count { return (result, head, needMoreAt) }
      needMoreAt.append(available)
    }
  }

  @Test(arguments: validRequests)
  func everyStepSizeGivesTheSameHead(_ text: String) {
    let bytes = M.bytes(text)
    let whole = M.request(bytes: bytes)
    guard case .complete(let length) = whole.result else {
      Issue.record("\(whole.result)")
      return
    }
    for step in 1...bytes.count {
      let (result, head, _) = Self.requestInSteps(bytes, step: step)
      #expect(result == whole.result, "step \(step)")
      #expect(head == whole.head, "step \(step)")
    }
    // Every proper prefix of the head needs more bytes.
    for cut in 0..<length {
      #expect(M.request(bytes: Array(bytes[0..<cut])).result == .needMoreBytes, "cut \(cut)")
    }
  }

  @Test(arguments: HTTP1RequestRejectionTests.smuggling + HTTP1RequestRejectionTests.requestLines)
  func invalidHeadsFailTheSameWayAtEverySplit(_ test: HTTP1RequestRejectionTests.Case) {
    let bytes = M.bytes(test.message)
    let whole = M.request(bytes: bytes)
    for cut in 0...bytes.count {
      let prefix = M.request(bytes: Array(bytes[0..<cut])).result
      #expect(prefix == .needMoreBytes || prefix == whole.result, "cut \(cut): \(prefix)")
    }
    for step in [1, 2, 3, 5, 7, 13] {
      #expect(Self.requestInSteps(bytes, step: step).0 == whole.result, "step \(step)")
    }
  }

  @Test func responsesSplitAnywhereParseTheSame() {
    let texts = [
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\n",
      "HTTP/1.0 404 \r\nX:\r\n\r\n", "HTTP/1.1 204\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",
      "HTTP/1.1 302 Found\r\nLocation: /x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    ]
    for text in texts {
      let bytes = M.bytes(text)
      let whole = M.response(text)
      for step in 1...bytes.count {
        var parser = HTTP1ResponseHeadParser()
        var head = HTTP1ResponseHead()
        var available = 0
        var result = HTTP1HeadParseResult.needMoreBytes
        while result == .needMoreBytes, available < bytes.count {
          available = min(available + step, bytes.count)
          result = parser.parse(Array(bytes[0..<available]).span, requestMethod: .get, into: &head)
          if available < bytes.count, whole.error == nil { #expect(result == .needMoreBytes) }
        }
        #expect(result == whole.result, "\(text.debugDescription) step \(step)")
        #expect(head == whole.head, "\(text.debugDescription) step \(step)")
      }
    }
  }

  @Test func aReusedHeadKeepsItsStorage() {
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    let first = M.bytes(HTTP1RequestHeadParserTests.browserGet)
    #expect(parser.parse(first.span, into: &head) != .needMoreBytes)
    let capacity = head.headers.fields.capacity
    parser.reset()
    let second = M.bytes("GET / HTTP/1.1\r\nHost: b\r\n\r\n")
    #expect(parser.parse(second.span, into: &head) == .complete(length: second.count))
    #expect(head.headers.fields.count == 1)
    #expect(head.headers.fields.capacity == capacity)
    #expect(head.headers.connection == [])
  }
}
