#!/usr/bin/env python3
"""What 1,000 servers checked every second cost Fulcrum: the CPU share of one core.

Starts N mock check targets in this process (asyncio, one listening socket each on
127.0.0.1: for `--kind tcp` they accept and close, for `--kind http` they read the request
head and answer `HTTP/1.0 200 OK`), writes a configuration with one `listen` section whose N
servers have `check inter 1s` (plus `option httpchk GET /health` for http), runs
`fulcrum -db -f CFG` (or `haproxy -db -f CFG` with --haproxy) as a child process, lets it warm
up, then reads the child's user and system CPU from /proc/PID/stat at the start and end of
a window of --seconds and prints CPU time / wall time, with the checks the targets saw per
second in that window (so a checker that falls behind shows; a TCP check that resets the
connection before the target accepts it, as HAProxy's does, is not seen).

    swift build -c release
    python3 Benchmarks/Scripts/check-cost.py --kind tcp --seconds 30
    python3 Benchmarks/Scripts/check-cost.py --kind http --seconds 30
    python3 Benchmarks/Scripts/check-cost.py --kind http --seconds 30 --haproxy
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TICKS = os.sysconf("SC_CLK_TCK")


class Targets:
    """N listening sockets served by one asyncio loop on a thread of this process."""

    def __init__(self, count, kind):
        self.count = count
        self.kind = kind
        self.checks = 0
        self.ports = []
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.run, daemon=True)

    async def handle(self, reader, writer):
        self.checks += 1
        try:
            if self.kind == "http":
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except Exception:
            pass
        writer.close()

    async def start(self):
        for _ in range(self.count):
            server = await asyncio.start_server(self.handle, "127.0.0.1", 0, backlog=64)
            self.ports.append(server.sockets[0].getsockname()[1])
        self.ready.set()

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.start())
        self.loop.run_forever()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configuration(ports, kind, threads):
    lines = [
        "global",
        f"    nbthread {threads}",
        "defaults",
        "    mode tcp",
        "    timeout connect 1s",
        "    timeout client 10s",
        "    timeout server 10s",
        "    timeout check 1s",
        "listen checked",
        f"    bind 127.0.0.1:{free_port()}",
    ]
    if kind == "http":
        lines.append("    option httpchk GET /health")
    for index, port in enumerate(ports):
        lines.append(f"    server s{index} 127.0.0.1:{port} check inter 1s")
    return "\n".join(lines) + "\n"


def cpu_seconds(pid):
    """User and system CPU seconds of process `pid`, every thread."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
    return int(fields[11]) / TICKS, int(fields[12]) / TICKS


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--kind", choices=["tcp", "http"], default="tcp")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--threads", type=int, default=1, help="nbthread of the checker process")
    parser.add_argument("--haproxy", action="store_true", help="measure haproxy 2.6 instead")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "fulcrum"))
    args = parser.parse_args()

    targets = Targets(args.servers, args.kind)
    targets.thread.start()
    targets.ready.wait()
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as f:
        f.write(configuration(targets.ports, args.kind, args.threads))
        path = f.name
    command = ["haproxy" if args.haproxy else args.binary, "-db", "-f", path]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(args.warmup)
        if child.poll() is not None:
            sys.exit(f"{command[0]} exited: {child.stderr.read().decode()}")
        start_cpu, start_wall, start_checks = cpu_seconds(child.pid), time.monotonic(), targets.checks
        time.sleep(args.seconds)
        end_cpu, end_wall, end_checks = cpu_seconds(child.pid), time.monotonic(), targets.checks
    finally:
        child.terminate()
        child.wait()
        os.unlink(path)
    wall = end_wall - start_wall
    user = end_cpu[0] - start_cpu[0]
    system = end_cpu[1] - start_cpu[1]
    cpu = user + system
    name = "haproxy" if args.haproxy else "fulcrum"
    print(
        f"{name} {args.kind}: {args.servers} servers, inter 1s, nbthread {args.threads}: "
        f"{(end_checks - start_checks) / wall:.0f} checks/s, CPU {cpu:.2f} s over {wall:.1f} s = "
        f"{100 * cpu / wall:.2f}% of one core (user {100 * user / wall:.2f}%, system {100 * system / wall:.2f}%)"
    )


if __name__ == "__main__":
    main()
