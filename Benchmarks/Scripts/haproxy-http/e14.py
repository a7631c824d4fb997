from hx import *
fp = free_port()
rules = "\n".join(f"    http-request return status {c} if {{ path /{c} }}" for c in range(200, 600))
h = HAProxy(DEFAULTS + f"frontend f\n    bind 127.0.0.1:{fp}\n{rules}\n"); h.wait_port(fp)
s = socket.create_connection(("127.0.0.1", fp)); s.settimeout(2)
res = {}
for c in range(200, 600):
    s.sendall(f"HEAD /{c} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf: buf += s.recv(4096)
    line = buf.split(b"\r\n")[0].decode()
    reason = line.split(" ", 2)[2] if line.count(" ") >= 2 else ""
    if reason not in ("Other", ""): print(c, repr(reason), "|", repr(buf.split(b"\r\n")[1:-2]))
    else: res.setdefault(reason, []).append(c)
print({k: (v[0], v[-1], len(v)) for k, v in res.items()})
h.stop()
