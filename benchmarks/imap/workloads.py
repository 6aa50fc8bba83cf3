"""What the IMAP benchmark's clients do, and the driver that runs them as parallel processes.

Every workload runs as CLIENTS processes (multiprocessing, fork: no GIL between clients). Each
process first does its untimed set-up (connect, LOGIN, SELECT, read the messages it will
APPEND), then waits for the common start; the time runs from that start to the end of the last
client's timed part. The server's CPU time is read from /proc just before the start and just
after the last client reported, while the clients still hold their connections (they LOG OUT
only after that), so it covers the timed part alone.

Each client connects from its own loopback address (127.0.0.10+i): Dovecot limits a user to 10
connections per address (mail_max_userip_connections), and issue 10 gives mailroom the same
limit, which a benchmark should not trip over.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from imapwire import Connection, IMAPError, Literal, quoted, tls_context

META_ITEMS = b"(UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)"
MESSAGE_ID = re.compile(rb"(?im)^Message-ID:[ \t]*(<[^>\r\n]*>)")
CHECK_BYTES_EVERY = 25            # every 25th fetched message is compared byte for byte with the corpus
SETUP_TIMEOUT = 300.0
RESULT_TIMEOUT = 900.0
CONNECTIONS_PER_ADDRESS = 5       # idle connections per source address, under Dovecot's limit of 10

# Search terms: ASCII and non-ASCII (sent as CHARSET UTF-8 literals), matching addresses,
# RFC 2047-encoded display names, and text in bodies stored in GB2312/GBK, Big5, Shift_JIS,
# KOI8-R/Windows-1251 and ISO-8859-1/Windows-1252, as 8bit, quoted-printable or base64.
FROM_TERMS = ["zhang", "Müller", "example.ru", "张伟", "hanako", "no-such-sender", "Dubois", "陳怡君"]
BODY_TERMS = ["invoice", "合同", "отчёт", "réunion", "見積書", "會議", "quarterly figures", "Größe"]


@dataclass
class Target:
    """Where a server listens and how to log in."""
    host: str
    port: int
    tls_port: int
    user: str
    password: str
    cafile: str
    server_name: str


@dataclass
class Params:
    clients: int = 8
    login_cycles: int = 50                 # per client
    meta_fetches: int = 5                  # FETCH 1:* per client
    body_fetches: int = 1000               # per client
    body_passes: int = 3                   # times each client fetches its BODY_FETCHES messages
    from_searches: int = 8                 # per client
    body_searches: int = 1                 # per client
    stores: int = 1000                     # per client
    appends: int = 1000                    # per client
    idle_connections: int = 500
    seed: int = 1
    corpus: Path = Path()
    expected_messages: int = 0
    manifest: dict = field(default_factory=dict)    # Message-ID -> (file, CRLF size)


def client_address(i: int) -> str:
    return f"127.0.0.{10 + i}"


def idle_address(j: int) -> str:
    k = j // CONNECTIONS_PER_ADDRESS
    return f"127.0.{2 + k // 250}.{1 + k % 250}"


def slice_of(i: int, per_client: int, exists: int) -> list[int]:
    """Client I's sequence numbers: PER_CLIENT consecutive ones, disjoint from the other clients'
    while CLIENTS x PER_CLIENT <= EXISTS (else wrapping round)."""
    start = i * per_client
    return [(start + k) % exists + 1 for k in range(per_client)]


class Client:
    """One client process's part of a workload."""

    def __init__(self, target: Target, params: Params, index: int):
        self.t, self.p, self.i = target, params, index
        self.conn: Connection | None = None
        self.exists = 0

    def connect(self, tls: bool = False, source: str | None = None) -> Connection:
        return Connection(self.t.host, self.t.tls_port if tls else self.t.port,
                          tls=tls_context(self.t.cafile) if tls else None, server_name=self.t.server_name,
                          source=source or client_address(self.i))

    def open_session(self):
        self.conn = self.connect()
        self.conn.login(self.t.user, self.t.password)
        self.exists = self.conn.select("INBOX")
        if self.exists < self.p.expected_messages:
            raise IMAPError(f"INBOX has {self.exists} messages, expected {self.p.expected_messages}")

    def setup(self):
        self.open_session()

    def run(self, res: dict):
        raise NotImplementedError

    def finish(self):
        if self.conn:
            self.conn.logout()


class Login(Client):
    """LOGIN + SELECT INBOX + LOGOUT on a new connection, LOGIN_CYCLES times."""

    def setup(self):
        pass

    def run(self, res):
        for _ in range(self.p.login_cycles):
            c = self.connect()
            c.login(self.t.user, self.t.password)
            n = c.select("INBOX")
            if n < self.p.expected_messages:
                raise IMAPError(f"SELECT gave {n} messages, expected {self.p.expected_messages}")
            c.logout()
            res["ops"] += 1

    def finish(self):
        pass


class FetchMeta(Client):
    """FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE), what a client does on opening a
    folder it has not cached, META_FETCHES times; every message must answer each time."""

    def run(self, res):
        for _ in range(self.p.meta_fetches):
            self.fetch_all(res)

    def fetch_all(self, res):
        count = 0

        def seen(r):
            nonlocal count
            if r.text.startswith(b"* ") and b" FETCH (" in r.text[:24]:
                count += 1
        self.conn.command(b"FETCH 1:* " + META_ITEMS, on_untagged=seen)
        if count != self.exists:
            raise IMAPError(f"FETCH 1:* answered for {count} of {self.exists} messages")
        res["ops"] += count


class FirstFetch(FetchMeta):
    """SELECT INBOX and one FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE) on the
    mailbox the server has never opened: the SELECT is timed too, as a server may take its first
    look at the messages there or in the FETCH."""

    def setup(self):
        self.conn = self.connect()
        self.conn.login(self.t.user, self.t.password)

    def run(self, res):
        self.exists = self.conn.select("INBOX")
        if self.exists < self.p.expected_messages:
            raise IMAPError(f"INBOX has {self.exists} messages, expected {self.p.expected_messages}")
        self.fetch_all(res)


class FetchBody(Client):
    """FETCH n BODY.PEEK[] of BODY_FETCHES messages, one command each (as mbsync and most
    clients download), BODY_PASSES times over. Every body's size is checked against the corpus
    (found by Message-ID), every 25th byte for byte (the file with CRLF line ends)."""

    def run(self, res):
        seqs = slice_of(self.i, self.p.body_fetches, self.exists) * self.p.body_passes
        for k, seq in enumerate(seqs):
            _, untagged = self.conn.command(b"FETCH %d BODY.PEEK[]" % seq)
            bodies = [lit for r in untagged if b" FETCH " in r.text[:24] for lit in r.literals]
            if len(bodies) != 1:
                raise IMAPError(f"FETCH {seq} BODY.PEEK[] returned {len(bodies)} literals")
            body = bodies[0]
            self.check(seq, body, byte_for_byte=(k % CHECK_BYTES_EVERY == 0))
            res["ops"] += 1
            res["bytes"] += len(body)

    def check(self, seq: int, body: bytes, byte_for_byte: bool):
        head = body[:body.find(b"\r\n\r\n")]
        m = MESSAGE_ID.search(head)
        if not m or m.group(1).decode("ascii", "replace") not in self.p.manifest:
            raise IMAPError(f"message {seq}: no Message-ID of the corpus in what was fetched")
        name, crlf_size = self.p.manifest[m.group(1).decode()]
        if len(body) != crlf_size:
            raise IMAPError(f"message {seq} ({name}): {len(body)} bytes fetched, the file has {crlf_size} with CRLF")
        if byte_for_byte:
            want = (self.p.corpus / "Maildir" / name).read_bytes().replace(b"\n", b"\r\n")
            if body != want:
                raise IMAPError(f"message {seq} ({name}): fetched bytes differ from the file's")


class Search(Client):
    """SEARCH KEY TERM, cycling through TERMS from a different place in each client; the hit
    count of every term goes into the result (they must agree between clients)."""

    key, terms, count_param = "", [], ""

    def run(self, res):
        hits = res.setdefault("hits", {})
        for k in range(getattr(self.p, self.count_param)):
            term = self.terms[(self.i + k) % len(self.terms)]
            n = self.conn.search(self.key, term)
            if hits.setdefault(term, n) != n:
                raise IMAPError(f"SEARCH {self.key} {term!r} gave {n} matches, earlier {hits[term]}")
            res["ops"] += 1


class SearchFrom(Search):
    key, terms, count_param = "FROM", FROM_TERMS, "from_searches"


class SearchBody(Search):
    key, terms, count_param = "BODY", BODY_TERMS, "body_searches"


class Store(Client):
    """STORE n +FLAGS (\\Flagged) on STORES messages, one command each (a user flagging mail).
    Afterwards every one of them must have the flag. (The server need not answer a STORE that
    changes nothing with FETCH, RFC 9051 §6.4.6 says SHOULD, and some corpus messages are
    flagged already.)"""

    def run(self, res):
        for seq in slice_of(self.i, self.p.stores, self.exists):
            self.conn.command(b"STORE %d +FLAGS (\\Flagged)" % seq)
            res["ops"] += 1

    def finish(self):
        flagged = set()

        def note(r):
            m = re.match(rb"\* (\d+) FETCH \(.*\\Flagged", r.text)
            if m:
                flagged.add(int(m.group(1)))
        self.conn.command(b"FETCH 1:* (FLAGS)", on_untagged=note)
        missing = [seq for seq in slice_of(self.i, self.p.stores, self.exists) if seq not in flagged]
        if missing:
            raise IMAPError(f"{len(missing)} messages without \\Flagged after STORE, such as {missing[0]}")
        super().finish()


class Append(Client):
    """APPEND of APPENDS messages (corpus messages, CRLF, picked with a seeded generator) to a
    folder of the client's own, created before the clock starts (as a client saves to Sent).
    Afterwards STATUS must count them all."""

    def setup(self):
        self.open_session()
        self.folder = f"bench-append-{self.i + 1}"
        self.conn.command(b"CREATE " + quoted(self.folder), check=False)     # may exist from an earlier run
        _, untagged = self.conn.command(b"STATUS " + quoted(self.folder) + b" (MESSAGES)")
        self.before = status_messages(untagged)
        rng = random.Random(self.p.seed * 1000 + self.i)
        files = sorted(name for name, _ in self.p.manifest.values())
        self.blobs = [(self.p.corpus / "Maildir" / rng.choice(files)).read_bytes().replace(b"\n", b"\r\n")
                      for _ in range(self.p.appends)]

    def run(self, res):
        mailbox = quoted(self.folder)
        for blob in self.blobs:
            self.conn.command(b"APPEND " + mailbox + b" (\\Seen) ", Literal(blob))
            res["ops"] += 1
            res["bytes"] += len(blob)

    def finish(self):
        _, untagged = self.conn.command(b"STATUS " + quoted(self.folder) + b" (MESSAGES)")
        after = status_messages(untagged)
        if after - self.before != len(self.blobs):
            raise IMAPError(f"{self.folder}: {after - self.before} messages more after {len(self.blobs)} APPENDs")
        super().finish()


def status_messages(untagged) -> int:
    for r in untagged:
        m = re.search(rb"MESSAGES (\d+)", r.text)
        if r.text.startswith(b"* STATUS") and m:
            return int(m.group(1))
    raise IMAPError("STATUS without MESSAGES")


WORKLOADS = {
    "first-fetch": FirstFetch,      # one client, on a mailbox the server has never opened
    "login": Login,
    "fetch-meta": FetchMeta,
    "fetch-body": FetchBody,
    "search-from": SearchFrom,
    "search-body": SearchBody,
    "store": Store,
    "append": Append,
}


# ------------------------------------------------------------------------------ the driver

def receive(out, timeout: float, waiting_for: str):
    """The next message from the client processes; IMAPError when none comes within TIMEOUT."""
    try:
        return out.get(timeout=timeout)
    except queue.Empty:
        raise IMAPError(f"no client reported {waiting_for} within {timeout:.0f} s") from None


def stop_processes(procs, *events, wait: bool):
    """Let the client processes go on to their end (WAIT) or, after a failure or an interrupt,
    kill them at once."""
    for e in events:
        e.set()
    for p in procs:
        if wait:
            p.join(timeout=30)
        if p.is_alive():
            p.kill()
        p.join()


def _client_process(kind: str, target: Target, params: Params, index: int, go, release, out):
    client = WORKLOADS[kind](target, params, index)
    res = {"client": index, "ok": False, "ops": 0, "bytes": 0}
    try:
        client.setup()
        out.put(("ready", index, None))
    except Exception as e:           # noqa: BLE001 -- reported to the parent, which fails the run
        out.put(("ready", index, f"set-up: {type(e).__name__}: {e}"))
        return
    try:
        go.wait()
        t0 = os.times()
        res["start"] = time.monotonic()
        client.run(res)
        res["end"] = time.monotonic()
        t1 = os.times()
        res["cpu_s"] = (t1.user + t1.system) - (t0.user + t0.system)
        res["ok"] = True
    except Exception as e:           # noqa: BLE001
        res["end"] = time.monotonic()
        res["error"] = f"{type(e).__name__}: {e}"
    out.put(("done", index, res))
    release.wait(RESULT_TIMEOUT)
    try:
        client.finish()
    except Exception as e:           # noqa: BLE001
        out.put(("finish", index, f"{type(e).__name__}: {e}"))
        return
    out.put(("finish", index, None))


def run_workload(kind: str, server, target: Target, params: Params, clients: int) -> dict:
    """Run workload KIND with CLIENTS processes against SERVER; return its figures."""
    ctx = multiprocessing.get_context("fork")
    go, release, out = ctx.Event(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_client_process, args=(kind, target, params, i, go, release, out), daemon=True)
             for i in range(clients)]
    for p in procs:
        p.start()
    completed = False
    try:
        errors = []
        for _ in procs:
            _, idx, err = receive(out, SETUP_TIMEOUT, "the end of its set-up")
            if err:
                errors.append(f"client {idx} {err}")
        if errors:
            raise IMAPError("; ".join(errors))
        cpu0 = server.cpu_seconds()
        start = time.monotonic()
        go.set()
        results = []
        for _ in procs:
            _, _, res = receive(out, RESULT_TIMEOUT, "its result")
            results.append(res)
        cpu1 = server.cpu_seconds()
        release.set()
        finish_errors = [err for _ in procs for (_, _, err) in [receive(out, SETUP_TIMEOUT, "its logout")] if err]
        completed = True
    finally:
        stop_processes(procs, go, release, wait=completed)
    failed = [f"client {r['client']}: {r['error']}" for r in results if not r["ok"]] + finish_errors
    if failed:
        raise IMAPError("; ".join(sorted(set(failed)))[:2000])
    seconds = max(r["end"] for r in results) - start
    ops = sum(r["ops"] for r in results)
    fig = {"clients": clients, "ops": ops, "seconds": round(seconds, 3),
           "per_s": round(ops / seconds, 1 if ops >= 10 * seconds else 3) if seconds > 0 else None,
           "server_cpu_s": round(cpu1 - cpu0, 3), "server_cpu_since_start_s": round(cpu1, 3),
           "server_cpu_us_per_op": round((cpu1 - cpu0) / ops * 1e6, 1) if ops else None,
           "client_cpu_s": round(sum(r.get("cpu_s", 0) for r in results), 3)}
    nbytes = sum(r["bytes"] for r in results)
    if nbytes:
        fig["mb_per_s"] = round(nbytes / seconds / 1e6, 2)
    hits = {}
    for r in results:
        for term, n in r.get("hits", {}).items():
            if hits.setdefault(term, n) != n:
                raise IMAPError(f"SEARCH {term!r}: clients disagree ({hits[term]} and {n} matches)")
    if hits:
        fig["hits"] = hits
    return fig


# ------------------------------------------------------------------------------ idle connections

def _idle_process(target: Target, params: Params, first: int, count: int, release, out):
    conns = []
    try:
        for j in range(first, first + count):
            c = Connection(target.host, target.tls_port, tls=tls_context(target.cafile),
                           server_name=target.server_name, source=idle_address(j))
            c.login(target.user, target.password)
            n = c.select("INBOX")
            if n < params.expected_messages:
                raise IMAPError(f"SELECT gave {n} messages, expected {params.expected_messages}")
            conns.append(c)
        out.put(("open", first, None))
    except Exception as e:           # noqa: BLE001
        out.put(("open", first, f"connection {first + len(conns)}: {type(e).__name__}: {e}"))
    release.wait(RESULT_TIMEOUT)
    for c in conns:
        try:
            c.logout()
        except Exception:            # noqa: BLE001 -- closing anyway
            c.close()
    out.put(("closed", first, None))


def idle_memory(server, target: Target, params: Params, settle: float = 3.0) -> dict:
    """Memory per idle connection: Pss of all the server's processes with IDLE_CONNECTIONS TLS
    connections logged in with INBOX selected, minus Pss with none, divided by their number."""
    n, clients = params.idle_connections, params.clients
    time.sleep(settle)                               # processes of earlier workloads gone
    before = server.memory()
    ctx = multiprocessing.get_context("fork")
    release, out = ctx.Event(), ctx.Queue()
    shares = [n // clients + (1 if i < n % clients else 0) for i in range(clients)]
    firsts = [sum(shares[:i]) for i in range(clients)]
    procs = [ctx.Process(target=_idle_process, args=(target, params, firsts[i], shares[i], release, out),
                         daemon=True) for i in range(clients) if shares[i]]
    cpu0 = server.cpu_seconds()
    start = time.monotonic()
    for p in procs:
        p.start()
    completed = False
    try:
        errors = [err for _ in procs for (_, _, err) in [receive(out, SETUP_TIMEOUT, "its connections open")] if err]
        opened = time.monotonic() - start
        cpu1 = server.cpu_seconds()
        if errors:
            raise IMAPError("; ".join(errors)[:2000])
        time.sleep(settle)
        after = server.memory()
        release.set()
        for _ in procs:
            receive(out, SETUP_TIMEOUT, "its connections closed")
        completed = True
    finally:
        stop_processes(procs, release, wait=completed)
    return {"connections": n, "pss_before_kib": before["pss_kib"], "pss_after_kib": after["pss_kib"],
            "rss_before_kib": before["rss_kib"], "rss_after_kib": after["rss_kib"],
            "processes_before": before["processes"], "processes_after": after["processes"],
            "kib_per_connection": round((after["pss_kib"] - before["pss_kib"]) / n, 1),
            "by_process": {name: {"processes": a["processes"],
                                  "kib_per_connection": round((a["pss_kib"] - before["by_name"].get(name, {})
                                                               .get("pss_kib", 0)) / n, 1)}
                           for name, a in sorted(after["by_name"].items())},
            "open_seconds": round(opened, 2),
            "server_cpu_us_per_open": round((cpu1 - cpu0) / n * 1e6, 1)}
