from hx import *
import sys
def mk(resp):
    def b(c, rec):
        t0 = time.time()
        try:
            while True:
                r = read_head(c, rec)
                if r is None: rec.extend(b"<<FIN from haproxy at %.2fs>>" % (time.time()-t0)); return
                head, rest = r
                n = content_length(head) - len(rest)
                while n > 0:
                    d = c.recv(n); rec.extend(d); n -= len(d)
                if callable(resp):
                    if resp(c, head): return
                else: c.sendall(resp)
        except ConnectionResetError:
            rec.extend(b"<<RST at %.2fs>>" % (time.time()-t0))
    return b
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
def run(title, opts, steps, resp=OK, wait=1.5, family=socket.AF_INET, bindaddr="127.0.0.1", host="127.0.0.1", fe_opts="", bsuf=""):
    be = Backend(mk(resp))
    fp = free_port()
    cfg = DEFAULTS + f"""
frontend f
    bind {bindaddr}:{fp}{bsuf}
{fe_opts}
    default_backend b
backend b
{opts}
    server s1 127.0.0.1:{be.port}
"""
    h = HAProxy(cfg); h.wait_port(fp, host)
    out, closed = client(fp, steps, wait, family, host)
    time.sleep(0.2)
    show(title, out, closed, be.conns)
    h.stop(); be.close()
G = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
tests = sys.argv[1:]
def want(n): return not tests or n in tests
if want("plain"): run("plain GET, mixed-case headers", "", [b"GET /a?b HTTP/1.1\r\nHost: x\r\nUser-Agent: T\r\nX-Custom-Name: V\r\nAccept: */*\r\n\r\n"])
if want("cclose"): run("client Connection: close", "", [b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"])
if want("http10"): run("HTTP/1.0 no keep-alive", "", [b"GET / HTTP/1.0\r\nHost: x\r\n\r\n"])
if want("http10ka"): run("HTTP/1.0 keep-alive", "", [b"GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"])
if want("hop"): run("hop-by-hop", "", [b"GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Foo\r\nX-Foo: 1\r\nKeep-Alive: 300\r\nProxy-Connection: x\r\nTE: trailers\r\nUpgrade-Insecure-Requests: 1\r\n\r\n"])
if want("srvclose"): run("server says Connection: close", "", [G, 0.3, G], resp=b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
if want("srvka"): run("server HTTP/1.0 response no keep-alive", "", [G, 0.3, G], resp=b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
if want("nolen"): run("server no CL, not chunked, closes", "", [G], resp=None)

def nolen(c, head):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello "); time.sleep(0.1); c.sendall(b"world"); return True
def nolen10(c, head):
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello "); time.sleep(0.1); c.sendall(b"world"); return True
if want("nolen"): run("server no CL, not chunked, then closes; client 1.1", "", [G], resp=nolen)
if want("nolen10"): run("server HTTP/1.0 no CL, closes; client 1.1", "", [G], resp=nolen10)
if want("nolenc10"): run("server no CL, closes; client 1.0", "", [b"GET / HTTP/1.0\r\n\r\n"], resp=nolen)
XFF = b"GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8\r\n\r\n"
if want("ff"): run("forwardfor ipv4", "    option forwardfor", [G, 0.1, G])
if want("ff"): run("forwardfor existing XFF (two lines)", "    option forwardfor", [XFF])
if want("ff"): run("forwardfor if-none with existing", "    option forwardfor if-none", [XFF])
if want("ff"): run("forwardfor if-none without", "    option forwardfor if-none", [G])
if want("ff"): run("forwardfor except 127.0.0.0/8", "    option forwardfor except 127.0.0.0/8", [G])
if want("ff"): run("forwardfor except 10.0.0.0/8", "    option forwardfor except 10.0.0.0/8", [G])
if want("ff"): run("forwardfor header X-Client", "    option forwardfor header X-Client", [b"GET / HTTP/1.1\r\nHost: x\r\nx-client: a\r\nX-Forwarded-For: 9.9.9.9\r\n\r\n"])
if want("ff"): run("forwardfor header X-Client if-none, existing lowercase", "    option forwardfor header X-Client if-none", [b"GET / HTTP/1.1\r\nHost: x\r\nx-client: a\r\n\r\n"])
if want("ff6"): run("forwardfor ipv6", "    option forwardfor", [G], family=socket.AF_INET6, bindaddr="::1", host="::1")
if want("ff6"): run("forwardfor ipv6 v4-mapped listener ::", "    option forwardfor", [G], family=socket.AF_INET, bindaddr="::", host="127.0.0.1", bsuf=" v4v6")
if want("ot"): run("originalto", "    option originalto", [G])
if want("ot"): run("originalto except 127.0.0.1 (/32)", "    option originalto except 127.0.0.1", [G])
if want("ot"): run("originalto header X-Dst + forwardfor", "    option originalto header X-Dst\n    option forwardfor", [b"GET / HTTP/1.1\r\nHost: x\r\nX-Original-To: 1.1.1.1\r\n\r\n"])
if want("ot6"): run("originalto ipv6", "    option originalto", [G], family=socket.AF_INET6, bindaddr="::1", host="::1")
if want("fefb"): run("forwardfor in frontend AND backend", "    option forwardfor header X-B", [G], fe_opts="    option forwardfor header X-F")
if want("hsc"): run("http-server-close", "    option http-server-close", [G, 0.3, G])
if want("hsc"): run("http-server-close, server keep-alive 1.0 response", "    option http-server-close", [G], resp=b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
if want("hc"): run("httpclose", "    option httpclose", [G, 0.3, G])
if want("hc"): run("httpclose frontend", "", [G, 0.3, G], fe_opts="    option httpclose")
if want("hc"): run("httpclose, client HTTP/1.0", "    option httpclose", [b"GET / HTTP/1.0\r\n\r\n"])
if want("head"): run("HEAD", "", [b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", 0.3, G], resp=b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
if want("fefb"): run("fe forwardfor except 127/8, be forwardfor", "    option forwardfor", [G], fe_opts="    option forwardfor except 127.0.0.0/8")
if want("fefb"): run("fe forwardfor, be forwardfor except 127/8", "    option forwardfor except 127.0.0.0/8", [G], fe_opts="    option forwardfor")
if want("fefb"): run("fe forwardfor if-none, be forwardfor, XFF present", "    option forwardfor", [XFF], fe_opts="    option forwardfor if-none")
if want("fefb"): run("fe forwardfor, be forwardfor if-none, XFF present", "    option forwardfor if-none", [XFF], fe_opts="    option forwardfor")
if want("fefb"): run("fe forwardfor header X-F only", "", [G], fe_opts="    option forwardfor header X-F")
if want("fefb"): run("fe originalto header X-F, be originalto header X-B", "    option originalto header X-B", [G], fe_opts="    option originalto header X-F")
if want("fefb"): run("fe originalto except 127.0.0.1, be originalto", "    option originalto", [G], fe_opts="    option originalto except 127.0.0.1")
