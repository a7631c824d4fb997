from hx import *
fp = free_port()
h = HAProxy(DEFAULTS + f"frontend f\n    bind 127.0.0.1:{fp}\n    http-request return status 200\n"); h.wait_port(fp)
for req in [b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", b"GET /" + b"a"*20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n"*120 + b"\r\n"]:
    out, closed = client(fp, [req], 1); show(repr(req[:60]), out, closed)
h.stop()
