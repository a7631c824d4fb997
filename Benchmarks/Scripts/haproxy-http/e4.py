from hx import *
def close_now(c, rec):
    read_head(c, rec); return
be = Backend(close_now)
ok = Backend(serve_fixed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
fp = free_port(); dead = free_port()
cfg = DEFAULTS + f"""    timeout http-keep-alive 2s
frontend f
    bind 127.0.0.1:{fp}
    use_backend b if {{ path /502 }}
    use_backend dead if {{ path /dead }}
    default_backend ok
backend b
    server s1 127.0.0.1:{be.port}
backend ok
    server s1 127.0.0.1:{ok.port}
backend dead
    server s1 127.0.0.1:{dead}
"""
h = HAProxy(cfg); h.wait_port(fp)
out, closed = client(fp, [b"GET /502 HTTP/1.1\r\nHost: x\r\n\r\n", 0.3, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], 4)
show("502 then ok", out, closed)
print("502 backend conns", len(be.conns))
out, closed = client(fp, [b"GET /dead HTTP/1.1\r\nHost: x\r\n\r\n"], 6)
show("dead", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1.5, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], 4)
show("keepalive 2s, second req after 1.5s, then idle", out, closed)
out, closed = client(fp, [], 4)
show("nothing sent, http-request 1s, keep-alive 2s", out, closed)
out, closed = client(fp, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"], 2)
show("pipelined 3 with last close", out, closed)
print("ok backend conns", len(ok.conns), [bytes(c) for c in ok.conns])
h.stop()
