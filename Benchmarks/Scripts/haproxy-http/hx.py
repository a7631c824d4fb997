#!/usr/bin/env python3
"""Tiny harness: run HAProxy 2.6 on a config, a mock backend, raw client sockets."""
import socket, subprocess, threading, time, os, sys, tempfile
HERE = os.path.dirname(os.path.abspath(__file__))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

class Backend:
    """Accepts connections; each handled by behaviour(conn, rec) in a thread. rec collects raw bytes per conn."""
    def __init__(self, behaviour, family=socket.AF_INET):
        self.sock = socket.socket(family)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0)); self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.behaviour = behaviour
        self.conns = []  # list of bytearrays (all received bytes per connection)
        self.closed_by_peer = []
        threading.Thread(target=self.loop, daemon=True).start()
    def loop(self):
        while True:
            try: c, _ = self.sock.accept()
            except OSError: return
            rec = bytearray(); self.conns.append(rec)
            threading.Thread(target=self.handle, args=(c, rec), daemon=True).start()
    def handle(self, c, rec):
        try: self.behaviour(c, rec)
        except Exception as e: pass
        finally:
            try: c.close()
            except: pass
    def close(self): self.sock.close()

def read_head(c, rec):
    """Read until end of a head; returns head bytes (also appended to rec). Returns None on EOF."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = c.recv(65536)
        if not d: rec.extend(buf); return None
        buf += d
    rec.extend(buf)
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head + b"\r\n\r\n", rest

def content_length(head):
    for l in head.split(b"\r\n"):
        if l.lower().startswith(b"content-length:"): return int(l.split(b":",1)[1])
    return 0

def serve_fixed(resp, close_after=False):
    def b(c, rec):
        while True:
            r = read_head(c, rec)
            if r is None: return
            head, rest = r
            n = content_length(head) - len(rest)
            while n > 0:
                d = c.recv(n); rec.extend(d); n -= len(d)
                if not d: return
            c.sendall(resp)
            if close_after: return
    return b

class HAProxy:
    def __init__(self, body, global_extra=""):
        self.dir = tempfile.mkdtemp()
        self.cfg = os.path.join(self.dir, "h.cfg")
        open(self.cfg, "w").write("global\n    log stderr format raw local0 debug\n" + global_extra + "\n" + body)
        self.p = subprocess.Popen(["/usr/sbin/haproxy", "-db", "-f", self.cfg], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    def wait_port(self, port, host="127.0.0.1"):
        dl = time.time() + 5
        while time.time() < dl:
            try: socket.create_connection((host, port), 0.2).close(); return
            except OSError: time.sleep(0.05)
        out = self.p.stdout.read() if self.p.poll() is not None else b""
        raise RuntimeError("haproxy did not listen: " + out.decode())
    def stop(self):
        self.p.terminate(); 
        try: out = self.p.communicate(timeout=3)[0]
        except Exception: self.p.kill(); out = b""
        return out

DEFAULTS = """defaults
    mode http
    timeout client 3s
    timeout server 1500ms
    timeout connect 500ms
    timeout http-request 1s
"""

def client(port, send_steps, wait=1.0, family=socket.AF_INET, host="127.0.0.1"):
    """send_steps: list of bytes or float(sleep). Returns (bytes received, closed?, time of close)."""
    s = socket.socket(family); s.connect((host, port))
    t0 = time.time()
    for st in send_steps:
        if isinstance(st, (int, float)): time.sleep(st)
        else: s.sendall(st)
    s.settimeout(0.1)
    out = b""; closed = None; first = None
    dl = time.time() + wait
    while time.time() < dl:
        try:
            d = s.recv(65536)
        except socket.timeout: continue
        except ConnectionResetError: closed = "RST %.2fs" % (time.time() - t0); break
        if not d: closed = "FIN %.2fs" % (time.time() - t0); break
        if first is None: first = time.time() - t0; client.first = first
        out += d
    s.close()
    if first is not None and closed: closed += " (first byte %.2fs)" % first
    return out, closed

def show(title, out, closed, rec=None):
    print("=== " + title)
    print(repr(out.decode("latin1")) if len(out) < 3000 else repr(out[:3000].decode("latin1")) + "...")
    print("client conn:", closed or "open")
    if rec is not None:
        for i, r in enumerate(rec): print("  server conn %d got: %r" % (i, bytes(r).decode("latin1")))
