from hx import *
fp = free_port()
cfg = DEFAULTS + f"""    errorfile 400 {HERE}/400.http
frontend f
    bind 127.0.0.1:{fp}
    http-request deny deny_status 400 if {{ path /d }}
"""
h = HAProxy(cfg); h.wait_port(fp)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"]); show("400 with errorfile in defaults", out, closed)
out, closed = client(fp, [b"GET /d HTTP/1.1\r\nHost: x\r\n\r\n"]); show("deny 400 with errorfile in defaults", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"]); show("400 CL conflict", out, closed)
print(h.stop().decode()[-500:])
