import FulcrumConfig

/// A small production-style site (70 lines): host and path routing with ACLs, a rate-limit
/// stick table, cookie persistence and health-checked pools. Valid for `haproxy -c` 2.6 too.
enum SmallSite {
  static let text = """
    # A small production-style site: HTTP front door, host and path routing,
    # rate limiting with a stick table, cookie persistence and health-checked pools.
    global
        log 127.0.0.1:514 local0
        log 127.0.0.1:514 local1 notice
        maxconn 20000
        stats timeout 30s

    defaults
        mode http
        log global
        option httplog
        option dontlognull
        option forwardfor
        option http-server-close
        retries 3
        option redispatch
        timeout connect 5s
        timeout client 30s
        timeout server 30s
        timeout http-request 10s
        timeout http-keep-alive 10s
        timeout queue 30s

    frontend www
        bind :80
        bind :8080
        acl host_api   hdr(host) -i api.example.com
        acl host_admin hdr_dom(host) -i admin.example.com
        acl is_static  path_beg /static/ /assets/
        acl internal   src 10.0.0.0/8 192.168.0.0/16
        stick-table type ip size 100k expire 30s store http_req_rate(10s)
        http-request track-sc0 src
        http-request deny deny_status 429 if { sc_http_req_rate(0) gt 100 }
        http-request deny if host_admin !internal
        http-request set-header X-Forwarded-Proto http
        capture request header Host len 64
        use_backend api if host_api
        use_backend static if is_static
        use_backend admin if host_admin
        default_backend web

    backend web
        balance roundrobin
        cookie SERVERID insert indirect nocache
        option httpchk GET /health
        http-check expect status 200
        default-server inter 3s fall 3 rise 2
        server web1 10.0.1.11:8080 check cookie w1 weight 10 maxconn 200
        server web2 10.0.1.12:8080 check cookie w2 weight 10 maxconn 200
        server web3 10.0.1.13:8080 check cookie w3 weight 10 maxconn 200
        server web4 10.0.1.14:8080 check cookie w4 backup

    backend api
        balance leastconn
        option httpchk GET /v1/ping
        http-check expect status 200
        http-request set-header X-Api-Version 1
        server api1 10.0.2.11:9000 check
        server api2 10.0.2.12:9000 check
        server api3 10.0.2.13:9000 check

    backend static
        balance uri
        hash-type consistent
        server cdn1 10.0.3.11:80 check
        server cdn2 10.0.3.12:80 check

    backend admin
        server admin1 10.0.4.11:8443 check ssl verify none

    """

  /// Fails the run unless the text loads as valid.
  static func verify() {
    let result = ConfigLoader(environment: [:]).load(text: text, file: "small-site.cfg")
    guard result.isValid(), result.diagnostics.alerts.isEmpty else {
      fatalError("the small site is not valid: \(result.diagnostics.alerts.map { $0.rendered(pid: 0) })")
    }
  }
}
