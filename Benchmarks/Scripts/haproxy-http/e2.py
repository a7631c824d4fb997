from hx import *
fp = free_port()
codes = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]
rules = "\n".join(f"    http-request deny deny_status {c} if {{ path /{c} }}" for c in codes)
cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
{rules}
"""
h = HAProxy(cfg); h.wait_port(fp)
for c in codes:
    out, closed = client(fp, [f"GET /{c} HTTP/1.1\r\nHost: x\r\n\r\n".encode()], 0.3)
    print(c, "closed" if closed else "open", repr(out.decode()))
print(h.stop().decode())
