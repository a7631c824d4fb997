from hx import *
fp = free_port()
cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
    errorfile 408 /dev/null
    errorfile 400 /dev/null
    http-request deny deny_status 400 if {{ path /d }}
"""
h = HAProxy(cfg); h.wait_port(fp)
out, closed = client(fp, [], 2); show("nothing, errorfile 408 /dev/null", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\n"], 2); show("partial, errorfile 408 /dev/null", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"], 2); show("bad, errorfile 400 /dev/null", out, closed)
out, closed = client(fp, [b"GET /d HTTP/1.1\r\nHost: x\r\n\r\n"], 2); show("deny 400, errorfile 400 /dev/null", out, closed)
h.stop()
