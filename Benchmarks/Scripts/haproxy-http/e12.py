from hx import *
fp = free_port()
cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
    errorfile 503 {HERE}/503cl.http
    errorfile 502 {HERE}/50210.http
    http-request deny deny_status 503 if {{ path /503 }}
    http-request deny deny_status 502 if {{ path /502 }}
    http-request deny deny_status 504 if {{ path /504 }}
    http-request deny deny_status 500 if {{ path /500 }}
    http-request deny deny_status 403 if {{ path /403 }}
    http-request return status 200 content-type text/plain string hi if {{ path /ret }}
"""
h = HAProxy(cfg); h.wait_port(fp)
for p in ["503", "502", "504", "500"]:
    out, closed = client(fp, [f"GET /{p} HTTP/1.1\r\nHost: x\r\n\r\n".encode()], 0.5)
    print(p, "closed" if closed else "open", repr(out.decode()))
for p in ["403", "ret", "502"]:
    out, closed = client(fp, [f"GET /{p} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".encode()], 0.5)
    print(p, "1.0 keep-alive:", "closed" if closed else "open", repr(out.decode()))
    out, closed = client(fp, [f"GET /{p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()], 0.5)
    print(p, "1.1 close:", "closed" if closed else "open", repr(out.decode()))
print(h.stop().decode())
