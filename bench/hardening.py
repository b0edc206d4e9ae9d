#!/usr/bin/env python3
"""Attacks on `fouille serve` from the hardening issue, measured.

    bench/hardening.py [--fouille target/release/fouille] [--stalled 600]

Three figures, each on loopback against a server this script starts:

1. `/api/stats` latency and the server's RSS while N connections start an
   export of the Enron + OCaml-list archive and never read it;
2. the time to open a mail whose HTML is `<table>x</table>` 200,000 times
   (the JSON view, then the HTML page);
3. the server's CPU time per request carrying `Authorization: Basic` to a
   server started with `--tokens` only;
4. a signed-in reporter's search latency while 64 clients guess passwords
   (a cost-12 users file; needs Python's `bcrypt`, `pip install bcrypt`).

Needs ../shared/corpora for the first figure. Writes nothing outside a
temporary folder; every loop is bounded in count and time.
"""

import argparse
import base64
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index(fouille, archive, paths):
    subprocess.run([fouille, "index", "--index", archive, *paths], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Server:
    def __init__(self, fouille, archive, extra=(), log=None):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [fouille, "serve", "--index", archive, "--bind", f"127.0.0.1:{self.port}", *extra],
            stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL)
        for _ in range(200):
            try:
                self.get("/api/stats", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("server did not start")

    def get(self, path, timeout=60, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def status(self, key):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) // 1024

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def timed(server, path, count=10, timeout=60):
    times = []
    for _ in range(count):
        start = time.monotonic()
        try:
            server.get(path, timeout=timeout)
            times.append(time.monotonic() - start)
        except Exception:
            times.append(float("inf"))
    return times


def stalled_exports(fouille, tmp, count):
    archive = os.path.join(tmp, "corpora")
    index(fouille, archive, [os.path.join(CORPORA, "enron-maildir"),
                             os.path.join(CORPORA, "caml-list-fr-en")])
    server = Server(fouille, archive)
    quiet = timed(server, "/api/stats")
    rss_quiet = server.status("VmRSS")
    sockets = []
    request = (f"GET /api/export?format=ndjson&q= HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n").encode()
    for _ in range(count):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", server.port))
        s.sendall(request)
        sockets.append(s)
    time.sleep(5)
    loaded = timed(server, "/api/stats", timeout=30)
    search = timed(server, "/api/search?q=energy&facets=all", timeout=30)
    rss, hwm = server.status("VmRSS"), server.status("VmHWM")
    statuses = {}
    for s in sockets:
        s.settimeout(2)
        try:
            head = s.recv(12).decode(errors="replace")
            code = head[9:12] if head.startswith("HTTP/") else "none"
        except OSError:
            code = "none"
        statuses[code] = statuses.get(code, 0) + 1
        s.close()
    server.stop()
    print(f"## {count} stalled exports (Enron + OCaml list)")
    print(f"- /api/stats quiet: median {statistics.median(quiet) * 1000:.1f} ms")
    print(f"- /api/stats under the stall: median {statistics.median(loaded) * 1000:.1f} ms, "
          f"max {max(loaded) * 1000:.1f} ms (30 s = timed out)")
    print(f"- search under the stall: median {statistics.median(search) * 1000:.1f} ms, "
          f"max {max(search) * 1000:.1f} ms")
    print(f"- server RSS {rss_quiet} MiB quiet, {rss} MiB under the stall (peak {hwm} MiB)")
    print(f"- statuses of the stalled connections: {dict(sorted(statuses.items()))}")


def table_bomb(fouille, tmp):
    mails = os.path.join(tmp, "bomb")
    os.makedirs(mails)
    html = "<table>x</table>" * 200_000
    with open(os.path.join(mails, "bomb.eml"), "w") as f:
        f.write("From: a@example.org\r\nTo: b@example.org\r\nSubject: table bomb\r\n"
                "Message-ID: <bomb@example.org>\r\nDate: Mon, 1 May 2017 10:00:00 +0200\r\n"
                "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n")
    archive = os.path.join(tmp, "bomb-archive")
    start = time.monotonic()
    index(fouille, archive, [mails])
    indexing = time.monotonic() - start
    log = open(os.path.join(tmp, "bomb-server.log"), "w+")
    server = Server(fouille, archive, log=log)
    _, body = server.get("/api/search?q=bomb")
    import json
    ident = json.loads(body)["hits"][0]["id"]
    cpu = server.cpu_seconds()
    view = timed(server, f"/api/messages/{ident}", count=1, timeout=300)[0]
    page = timed(server, f"/api/messages/{ident}/html", count=1, timeout=300)[0]
    cpu = server.cpu_seconds() - cpu
    server.stop()
    log.seek(0)
    lines = sum(1 for _ in log)
    print("## table bomb (<table>x</table> x 200,000, 3.2 MB)")
    print(f"- indexing: {indexing:.1f} s")
    print(f"- open: JSON view {view:.2f} s, HTML page {page:.2f} s, server CPU {cpu:.1f} s")
    print(f"- server log lines: {lines}")


def basic_without_users(fouille, tmp):
    tokens = os.path.join(tmp, "tokens")
    with open(tokens, "w") as f:
        f.write("abcdefghijklmnopqrstuvwxyz0123456789\n")
    archive = os.path.join(tmp, "small")
    index(fouille, archive, [os.path.join(ROOT, "tests", "fixtures", "eml")])
    server = Server(fouille, archive, extra=["--tokens", tokens])
    count = 20
    cpu = server.cpu_seconds()
    start = time.monotonic()
    for n in range(count):
        credentials = base64.b64encode(f"user{n}:password{n}".encode()).decode()
        server.get("/api/stats", headers={"Authorization": f"Basic {credentials}"})
    elapsed = time.monotonic() - start
    cpu = server.cpu_seconds() - cpu
    server.stop()
    print("## Authorization: Basic to a --tokens-only server")
    print(f"- {count} requests: server CPU {cpu / count * 1000:.1f} ms each, "
          f"{elapsed / count * 1000:.1f} ms wall each")


def guessing(fouille, tmp):
    try:
        import bcrypt
    except ImportError:
        print("## password guessing: skipped, pip install bcrypt")
        return
    import threading
    users = os.path.join(tmp, "users")
    with open(users, "w") as f:
        f.write("alice:" + bcrypt.hashpw(b"correct horse", bcrypt.gensalt(12)).decode() + "\n")
    archive = os.path.join(tmp, "guess")
    index(fouille, archive, [os.path.join(ROOT, "tests", "fixtures", "eml")])
    server = Server(fouille, archive, extra=["--users", users])
    alice = {"Authorization": "Basic " + base64.b64encode(b"alice:correct horse").decode()}
    server.get("/api/stats", headers=alice)
    def search_times(count=40):
        times = []
        for _ in range(count):
            start = time.monotonic()
            server.get("/api/search?q=budget&facets=all", headers=alice, timeout=60)
            times.append(time.monotonic() - start)
            time.sleep(0.05)
        return sorted(times)
    quiet = search_times()
    stop = time.monotonic() + 15
    statuses = {}
    lock = threading.Lock()
    def guess(n):
        k = 0
        while time.monotonic() < stop:
            credentials = base64.b64encode(f"mallory{n}:guess{k}".encode()).decode()
            code, _ = server.get("/api/stats", headers={"Authorization": f"Basic {credentials}"}, timeout=60)
            with lock:
                statuses[code] = statuses.get(code, 0) + 1
            k += 1
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(64)]
    for t in threads:
        t.start()
    time.sleep(1)
    loaded = search_times()
    for t in threads:
        t.join()
    server.stop()
    pct = lambda times, q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    print("## a signed-in search while 64 clients guess passwords (cost 12)")
    print(f"- quiet: median {pct(quiet, 0.5):.1f} ms, p90 {pct(quiet, 0.9):.1f} ms")
    print(f"- under the guessing: median {pct(loaded, 0.5):.1f} ms, p90 {pct(loaded, 0.9):.1f} ms")
    print(f"- the guesses got: {dict(sorted(statuses.items()))}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fouille", default=os.path.join(ROOT, "target", "release", "fouille"))
    parser.add_argument("--stalled", type=int, default=600)
    parser.add_argument("--only", choices=["stall", "bomb", "basic", "guess"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "basic"):
            basic_without_users(args.fouille, tmp)
        if args.only in (None, "guess"):
            guessing(args.fouille, tmp)
        if args.only in (None, "bomb"):
            table_bomb(args.fouille, tmp)
        if args.only in (None, "stall"):
            if os.path.isdir(CORPORA):
                stalled_exports(args.fouille, tmp, args.stalled)
            else:
                print("## stalled exports: skipped, ../shared/corpora is missing")


if __name__ == "__main__":
    sys.exit(main())
