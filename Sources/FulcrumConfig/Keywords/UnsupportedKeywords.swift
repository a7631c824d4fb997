/// Keywords HAProxy knows but Fulcrum does not implement, each with what to use instead.
/// They are rejected with `file:line`, never skipped.
enum UnsupportedKeywords {
  static let proxy: [String: String] = [
    "filter":
      "filters (trace, spoe, cache, bwlim, fcgi-app) are not supported; for compression use 'compression algo gzip'",
    "filter-sequence": "filters are not supported",
    "use-fcgi-app": "FastCGI is not supported; put a FastCGI gateway (php-fpm behind nginx) in the backend",
    "email-alert": "email alerts are not supported; alert from the logs or the Prometheus metrics",
    "dispatch": "'dispatch' is not supported; declare the address as a 'server' line",
    "option forwarded": "RFC 7239 'Forwarded' headers are not supported yet; use 'option forwardfor'",
    "force-be-switch": "not supported; use 'use_backend' rules",
    "guid": "GUIDs for proxies are not supported; use 'id' for stable numbering",
    "log-steps": "not supported; Fulcrum logs once per session",
    "quic-initial": "QUIC is not supported",
    "hash-preserve-affinity": "not supported; use 'hash-balance-factor'",
    "be-unpublished": "not supported",
    "option http-use-htx": "removed in HAProxy 2.1, where HTX became the only mode; remove the line",
    "reqpass": "removed in HAProxy 2.1 with no effect today; remove the line",
    "reqipass": "removed in HAProxy 2.1 with no effect today; remove the line",
    "reqsetbe": "removed in HAProxy 2.1; write 'use_backend NAME if { req.fhdr(Name) -m reg REGEX }'",
    "reqisetbe": "removed in HAProxy 2.1; write 'use_backend NAME if { req.fhdr(Name) -m reg -i REGEX }'",
    "rsppass": "removed in HAProxy 2.1 with no effect today; remove the line",
    "option http_proxy": "forward proxying is not supported; Fulcrum is a reverse proxy",
    "option spop-check": "SPOP is not supported",
  ]

  static let global: [String: String] = [
    "lua-load": "Lua is not supported; express the logic with ACLs and http-request rules",
    "lua-load-per-thread": "Lua is not supported",
    "lua-prepend-path": "Lua is not supported",
    "51degrees-data-file": "device detection is not supported",
    "deviceatlas-json-file": "device detection is not supported",
    "wurfl-data-file": "device detection is not supported",
    "ssl-engine": "OpenSSL engines are not supported",
    "ssl-mode-async": "asynchronous OpenSSL engines are not supported",
    "ssl-provider": "OpenSSL providers are not supported",
    "ssl-provider-path": "OpenSSL providers are not supported",
    "set-var": "process-wide variables are not supported yet",
    "set-var-fmt": "process-wide variables are not supported yet",
    "httpclient.resolvers.id": "the internal HTTP client is not supported",
    "httpclient.ssl.verify": "the internal HTTP client is not supported",
    "httpclient.ssl.ca-file": "the internal HTTP client is not supported",
    "numa-cpu-mapping": "not supported; use 'cpu-map'",
    "thread-groups": "thread groups are not supported; use 'nbthread'",
    "thread-group": "thread groups are not supported; use 'nbthread'",
    "profiling.memory": "memory profiling is not supported; use the 'show info' counters",
    "profiling.tasks": "task profiling is not supported",
    "localpeer": "'peers' sections are not supported yet",
    "mworker-max-reloads": "not supported yet; reloads are managed by the runtime milestone",
  ]
}
