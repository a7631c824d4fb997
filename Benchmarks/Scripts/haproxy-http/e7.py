from hx import *
def expect_be(send100):
    def b(c, rec):
        r = read_head(c, rec); head, rest = r
        if send100: c.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        n = content_length(head) - len(rest)
        c.settimeout(2)
        while n > 0:
            d = c.recv(n)
            if not d: return
            rec.extend(d); n -= len(d)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        time.sleep(1)
    return b
def ws_be(c, rec):
    r = read_head(c, rec)
    c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: abc\r\n\r\n")
    c.settimeout(10)
    while True:
        d = c.recv(100)
        if not d: rec.extend(b"<<FIN>>"); return
        rec.extend(d); c.sendall(d.upper())
for name, send100, opts in [("expect, server sends 100", True, ""), ("expect, server sends nothing", False, ""), ("expect, http-buffer-request", False, "    option http-buffer-request")]:
    be = Backend(expect_be(send100)); fp = free_port()
    h = HAProxy(DEFAULTS + f"frontend f\n    bind 127.0.0.1:{fp}\n{opts}\n    default_backend b\nbackend b\n    server s1 127.0.0.1:{be.port}\n"); h.wait_port(fp)
    s = socket.create_connection(("127.0.0.1", fp)); s.settimeout(0.7)
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
    try: first = s.recv(1000)
    except socket.timeout: first = b"<nothing in 0.7s>"
    s.sendall(b"hello"); time.sleep(0.3)
    try: rest = s.recv(1000)
    except socket.timeout: rest = b"<nothing>"
    print("===", name); print(" before body:", first); print(" after body:", rest); print(" server got:", bytes(be.conns[0]) if be.conns else None)
    s.close(); h.stop(); be.close()
# websocket
for opts in ["    timeout tunnel 2s", ""]:
    be = Backend(ws_be); fp = free_port()
    h = HAProxy(DEFAULTS + f"frontend f\n    bind 127.0.0.1:{fp}\n    default_backend b\nbackend b\n{opts}\n    server s1 127.0.0.1:{be.port}\n"); h.wait_port(fp)
    out, closed = client(fp, [b"GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n\r\n", 0.3, b"ping", 0.3, b"more"], 6)
    show("websocket " + opts, out, closed, be.conns)
    h.stop(); be.close()
