import FulcrumBalancing
import Testing

/// What each hash algorithm takes from the request, per HAProxy's `get_server_uh/ph/hh/sh`.
@Suite struct HashKeyTests {
  func uriKey(_ target: String, _ key: URIKey) -> String {
    let bytes = Array(target.utf8)
    return String(decoding: bytes[key.keyRange(in: bytes.span)], as: UTF8.self)
  }

  @Test func uriStopsAtTheQueryUnlessWhole() {
    #expect(uriKey("/a/b/c?x=1", URIKey()) == "/a/b/c")
    #expect(uriKey("/a/b/c?x=1", URIKey(whole: true)) == "/a/b/c?x=1")
    #expect(uriKey("/", URIKey()) == "/")
  }

  /// `depth N` stops before the (N+1)th slash, `len N` after N bytes, whichever comes first.
  @Test func uriDepthAndLength() {
    #expect(uriKey("/a/b/c/d", URIKey(depth: 1)) == "/a")
    #expect(uriKey("/a/b/c/d", URIKey(depth: 2)) == "/a/b")
    #expect(uriKey("/a/b/c/d", URIKey(depth: 9)) == "/a/b/c/d")
    #expect(uriKey("/a/b/c/d", URIKey(length: 3)) == "/a/")
    #expect(uriKey("/a/b/c/d", URIKey(length: 5, depth: 1)) == "/a")
    #expect(uriKey("/a/b?c/d", URIKey(whole: true, depth: 2)) == "/a/b?c")
    #expect(uriKey("/a/b?c/d", URIKey(depth: 2)) == "/a/b")
  }

  /// `path-only` skips `scheme://authority`; without a path the key is empty.
  @Test func uriPathOnly() {
    #expect(uriKey("http://example.com/a/b?q", URIKey(pathOnly: true)) == "/a/b")
    #expect(uriKey("https://user@h:8443/x", URIKey(pathOnly: true)) == "/x")
    #expect(uriKey("/plain?q", URIKey(pathOnly: true)) == "/plain")
    #expect(uriKey("http://example.com", URIKey(pathOnly: true)) == "")
    #expect(uriKey("example.com:443", URIKey(pathOnly: true)) == "")
    #expect(uriKey("*", URIKey(pathOnly: true)) == "")
    #expect(uriKey("http://example.com/a/b?q", URIKey()) == "http://example.com/a/b")
  }

  func parameter(_ target: String, _ name: String) -> String? {
    let bytes = Array(target.utf8)
    return URLParameterKey(name: name).valueRange(inTarget: bytes.span).map {
      String(decoding: bytes[$0], as: UTF8.self)
    }
  }

  @Test func urlParameterValue() {
    #expect(parameter("/p?user=42&x=1", "user") == "42")
    #expect(parameter("/p?x=1&user=42", "user") == "42")
    #expect(parameter("/p?xuser=1&user=2", "user") == "2")
    #expect(parameter("/p?user=", "user") == "")
    #expect(parameter("/p?user", "user") == nil)
    #expect(parameter("/p?User=1", "user") == nil)
    #expect(parameter("/p", "user") == nil)
    #expect(parameter("/p?a=1&&user=3", "user") == "3")
    #expect(parameter("/p?user=a=b&c", "user") == "a=b")
  }

  /// `check_post`: a body parameter ends at white space, and a non-token byte disqualifies it.
  @Test func urlParameterInBody() {
    func body(_ text: String) -> String? {
      let bytes = Array(text.utf8)
      return URLParameterKey(name: "user").valueRange(inBody: bytes.span).map {
        String(decoding: bytes[$0], as: UTF8.self)
      }
    }
    #expect(body("a=1&user=joe&b=2") == "joe")
    #expect(body("user=joe\r\n") == "joe")
    #expect(body("user=j{oe") == nil)
    #expect(body("other=1") == nil)
  }

  func header(_ value: String, domainOnly: Bool = false) -> String? {
    let bytes = Array(value.utf8)
    return HeaderKey(useDomainOnly: domainOnly).keyRange(in: bytes.span).map {
      String(decoding: bytes[$0], as: UTF8.self)
    }
  }

  /// The first comma-separated value, trimmed; commas inside quotes do not split.
  @Test func headerFirstValue() {
    #expect(header("abc") == "abc")
    #expect(header("  abc , def") == "abc")
    #expect(header("\"a,b\", c") == "\"a,b\"")
    #expect(header("\"a\\\",b\", c") == "\"a\\\",b\"")
    #expect(header("") == nil)
    #expect(header("   ") == nil)
    #expect(header(", later") == nil)
  }

  /// `use_domain_only`: the label before the last dot.
  @Test func headerDomainOnly() {
    #expect(header("haproxy.1wt.eu", domainOnly: true) == "1wt")
    #expect(header("www.example.com", domainOnly: true) == "example")
    #expect(header("example.com", domainOnly: true) == "example")
    #expect(header("localhost", domainOnly: true) == "localhost")
    #expect(header("a.b.c.", domainOnly: true) == "c")
    #expect(header("www.example.com:8080", domainOnly: true) == "example")
  }

  /// `source` combines the address's 32-bit words with exclusive or, then `avalanche` if set;
  /// the hash function does not apply.
  @Test func sourceAddressHash() {
    let settings = HashSettings(function: .crc32)
    let v4: [UInt8] = [192, 0, 2, 1]
    #expect(HashKey.sourceAddress.hash(v4.span, settings: settings) == 0xc000_0201)
    let v6: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 1]
    #expect(HashKey.sourceAddress.hash(v6.span, settings: settings) == 0x2001_0db9)
    let avalanche = HashSettings(function: .djb2, avalanche: true)
    #expect(HashKey.sourceAddress.hash(v4.span, settings: avalanche) == HashFunction.avalanche(0xc000_0201))
    #expect(HashKey.sourceAddress.hash(Array<UInt8>().span, settings: settings) == nil)
    #expect(HashKey.sourceAddress.hash([1, 2, 3].span, settings: settings) == nil)
  }

  @Test func inputsTheCallerMustPass() {
    #expect(HashKey.sourceAddress.input == .clientAddress)
    #expect(HashKey.uri(URIKey()).input == .requestTarget)
    #expect(HashKey.urlParameter(URLParameterKey(name: "u")).input == .requestTarget)
    #expect(HashKey.header(name: "Host", HeaderKey()).input == .headerValue(name: "Host"))
    #expect(HashKey.rdpCookie(name: "mstshash").input == .rdpCookie(name: "mstshash"))
    let cookie = Array("user1".utf8)
    #expect(HashKey.rdpCookie(name: "mstshash").hash(cookie.span, settings: HashSettings()) == 0x23c5_6b66)
    #expect(HashKey.rdpCookie(name: "mstshash").hash(Array<UInt8>().span, settings: HashSettings()) == nil)
  }
}
