extension HTTP1ParseError.Reason {
  /// One line for logs and the error page.
  public var description: String {
    switch self {
    case .headTooLarge: "message head larger than tune.bufsize minus tune.maxrewrite"
    case .tooManyHeaders: "more header fields than tune.http.maxhdr allows"
    case .invalidMethod: "method is not a token followed by one space"
    case .invalidTarget: "request target has a control, space, non-ASCII or '#' byte, or the wrong form"
    case .invalidVersion: "version is not HTTP/DIGIT.DIGIT followed by CRLF"
    case .unsupportedVersion: "HTTP major version other than 1"
    case .http2Preface: "HTTP/2 connection preface on an HTTP/1 connection"
    case .invalidStatusLine: "status line is not HTTP-version SP 3DIGIT [SP reason] CRLF"
    case .bareLineFeed: "line ends with LF without CR"
    case .bareCarriageReturn: "CR not followed by LF"
    case .obsoleteLineFolding: "line starts with whitespace (obsolete line folding)"
    case .invalidHeaderName: "header name has a byte that is not a token character, or is empty"
    case .spaceBeforeColon: "whitespace between header name and colon"
    case .missingColon: "header line without a colon"
    case .invalidHeaderValue: "NUL byte in a header value"
    case .invalidContentLength: "Content-Length is not a list of digits that fits in 63 bits"
    case .conflictingContentLength: "Content-Length given twice with different values"
    case .contentLengthWithTransferEncoding: "request has both Content-Length and Transfer-Encoding"
    case .transferEncodingNotChunked: "Transfer-Encoding does not end with chunked"
    case .chunkedAppliedTwice: "Transfer-Encoding lists chunked more than once"
    case .unsupportedTransferCoding: "Transfer-Encoding has a coding other than chunked"
    case .transferEncodingInHTTP10: "HTTP/1.0 request with Transfer-Encoding"
    case .payloadInHTTP10Method: "HTTP/1.0 GET, HEAD or DELETE request with a body"
    case .conflictingHost: "Host given twice with different values"
    case .hostMismatchesTarget: "Host differs from the authority of the absolute target"
    case .invalidChunkSize: "chunk size is not hexadecimal digits"
    case .chunkSizeOverflow: "chunk size does not fit in 63 bits"
    case .invalidChunkExtension: "control byte in a chunk extension"
    case .chunkLineTooLong: "chunk-size line longer than tune.bufsize minus tune.maxrewrite"
    case .missingChunkTerminator: "chunk data not followed by CRLF"
    case .invalidTrailer: "invalid trailer field"
    case .trailersTooLarge: "trailer section larger than the head limits"
    }
  }
}
