from hx import *
import sys
def ws_be(c, rec):
    r = read_head(c, rec)
    c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    c.settimeout(10); t0=time.time()
    while True:
        try: d = c.recv(100)
        except Exception as e: rec.extend(b"<<%s at %.2f>>" % (str(e).encode(), time.time()-t0)); return
        if not d: rec.extend(b"<<FIN at %.2f>>" % (time.time()-t0)); return
        rec.extend(d); c.sendall(d.upper())
for opts in sys.argv[1:]:
    be = Backend(ws_be); fp = free_port()
    h = HAProxy(DEFAULTS + f"frontend f\n    bind 127.0.0.1:{fp}\n    default_backend b\nbackend b\n{opts}\n    server s1 127.0.0.1:{be.port}\n"); h.wait_port(fp)
    s = socket.create_connection(("127.0.0.1", fp)); s.settimeout(0.5); t0 = time.time()
    s.sendall(b"GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    print("===", repr(opts)); print(s.recv(1000))
    s.sendall(b"ping"); print(s.recv(1000))
    time.sleep(1.2); s.sendall(b"after 1.2s idle"); 
    try: print(s.recv(1000))
    except Exception as e: print(e)
    s.settimeout(5)
    try: print(s.recv(1000), "at %.2f" % (time.time()-t0))
    except Exception as e: print(e)
    print(" server got:", bytes(be.conns[0]))
    s.close(); h.stop(); be.close()
