from hx import *
fp = free_port()
cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
    errorfile 400 {HERE}/400.http
    errorfile 408 {HERE}/503.http
    http-request return status 200 content-type text/plain string "hi\\n"
"""
h = HAProxy(cfg); h.wait_port(fp)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"]); show("400 with errorfile", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\n"], 2); show("408 with errorfile (1.0, no CL)", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 0.2, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"], 2); show("return unconditional, keep-alive then close", out, closed)
out, closed = client(fp, [b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: x\r\n\r\n"], 2); show("return on POST with body then next", out, closed)
h.stop()
