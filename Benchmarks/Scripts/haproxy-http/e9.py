from hx import *
fp = free_port(); dead = free_port()
cfg = DEFAULTS + f"""
http-errors myerrs
    errorfile 403 {HERE}/403.http
frontend f
    bind 127.0.0.1:{fp}
    errorfile 503 {HERE}/503.http
    errorloc302 504 http://example.com/err
    errorloc303 502 /oops
    http-request return status 404 if {{ path /r404 }}
    http-request return status 204 if {{ path /r204 }}
    http-request return status 200 if {{ path /r200 }}
    http-request return status 200 content-type text/plain hdr X-A b hdr x-c "d e" string x if {{ path /hdr }}
    http-request return status 201 content-type text/plain file {HERE}/body.txt if {{ path /file }}
    http-request return status 503 default-errorfiles if {{ path /deferr }}
    http-request return status 503 errorfile {HERE}/503.http if {{ path /ef }}
    http-request return status 403 errorfiles myerrs if {{ path /efs }}
    http-request deny deny_status 503 if {{ path /deny503 }}
    http-request deny deny_status 504 if {{ path /deny504 }}
    http-request deny deny_status 502 if {{ path /deny502 }}
    http-request deny if {{ path /deny403 }}
    http-request deny errorfiles myerrs if {{ path /denyefs }}
    http-request deny status 401 content-type text/plain string "go away" hdr WWW-Authenticate Basic if {{ path /denystr }}
    http-request return status 302 hdr Location /x if {{ path /r302 }}
    default_backend b
backend b
    server s1 127.0.0.1:{dead}
"""
h = HAProxy(cfg); h.wait_port(fp)
for p in ["r404", "r204", "r200", "hdr", "file", "deferr", "ef", "efs", "deny503", "deny504", "deny502", "deny403", "denyefs", "denystr", "r302", "dead"]:
    out, closed = client(fp, [f"GET /{p} HTTP/1.1\r\nHost: x\r\n\r\n".encode()], 2.5 if p == "dead" else 0.5)
    print(p, "closed" if closed else "open", repr(out.decode()))
print(h.stop().decode())
