from hx import *
import sys
be = Backend(serve_fixed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
fp = free_port(); deadport = free_port()
cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
    http-request deny if {{ path /deny }}
    http-request deny deny_status 429 if {{ path /deny429 }}
    http-request return status 200 content-type text/plain string "hi\\n" if {{ path /ret }}
    use_backend dead if {{ path /dead }}
    use_backend empty if {{ path /empty }}
    default_backend b
backend b
    server s1 127.0.0.1:{be.port}
backend dead
    server s1 127.0.0.1:{deadport}
backend empty
"""
h = HAProxy(cfg); h.wait_port(fp)
def t(title, steps, wait=1.0):
    out, closed = client(fp, steps, wait); show(title, out, closed)
t("ok", [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"])
t("400 bad request", [b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"])
t("deny", [b"GET /deny HTTP/1.1\r\nHost: x\r\n\r\n", 0.2, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"])
t("deny429", [b"GET /deny429 HTTP/1.1\r\nHost: x\r\n\r\n"])
t("return", [b"GET /ret HTTP/1.1\r\nHost: x\r\n\r\n", 0.2, b"GET /ret HTTP/1.1\r\nHost: x\r\n\r\n"])
t("return HEAD", [b"HEAD /ret HTTP/1.1\r\nHost: x\r\n\r\n"])
t("return http/1.0", [b"GET /ret HTTP/1.0\r\n\r\n"])
t("dead 503", [b"GET /dead HTTP/1.1\r\nHost: x\r\n\r\n", 0.0, ], wait=5)
t("empty 503", [b"GET /empty HTTP/1.1\r\nHost: x\r\n\r\n", 0.2, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"])
t("501", [b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"])
t("408 partial", [b"GET / HTTP/1.1\r\nHost: x\r\n"], wait=3)
t("nothing", [], wait=5)
t("keepalive idle", [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], wait=5)
print(h.stop().decode())
