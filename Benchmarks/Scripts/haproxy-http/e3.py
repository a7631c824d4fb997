from hx import *
def close_now(c, rec):
    read_head(c, rec); return
def garbage(c, rec):
    read_head(c, rec); c.sendall(b"garbage garbage\r\n\r\n"); time.sleep(0.5)
def never(c, rec):
    read_head(c, rec); time.sleep(5)
def partial(c, rec):
    read_head(c, rec); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"); return
def partial_head(c, rec):
    read_head(c, rec); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Le"); return
for name, beh in [("close before answer", close_now), ("garbage", garbage), ("never (timeout server)", never), ("partial body then close", partial), ("partial head then close", partial_head)]:
    be = Backend(beh)
    fp = free_port()
    cfg = DEFAULTS + f"""
frontend f
    bind 127.0.0.1:{fp}
    default_backend b
backend b
    server s1 127.0.0.1:{be.port}
"""
    h = HAProxy(cfg); h.wait_port(fp)
    t0=time.time()
    out, closed = client(fp, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], 4)
    show(name, out, closed, be.conns)
    print("server conns:", len(be.conns))
    log = h.stop().decode(); print(log[-400:])
    be.close()
