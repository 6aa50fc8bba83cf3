"""Several IMAP sessions on one mailbox, hostile clients, and SIGKILL: a session sees what another
one did (flags, expunges, appends) at its next command and during IDLE; bad input gets BAD or BYE,
never a crash, and other sessions keep working; what the server acknowledged before `kill -9` is
there after a restart. Against mailroom, or Dovecot with IMAP_PEER=dovecot (imap_peer.py)."""

import re
import socket
import threading
import time
import uuid

import pytest
from imapclient import IMAPClient

from imap_peer import PASSWORD
from test_imap import USER, connect, make_message, server, uids  # noqa: F401  (the fixture)


def appended(c, folder, raw, flags=None) -> int:
    typ, data = c.append(folder, flags, None, raw)
    m = re.search(rb"\[APPENDUID \d+ (\d+)\]", data[0])
    assert typ == "OK" and m, data
    return int(m.group(1))


def untagged(c, name):
    """The untagged responses of one kind imaplib collected, cleared (imaplib keeps them until asked)."""
    return [d for d in c.response(name)[1] if d is not None]


def test_a_session_sees_flags_expunges_and_appends_of_another_at_its_next_command(server):
    """RFC 9051 §7.4.1 and §7.5.2: changes made by other sessions are announced to a selected
    session as FETCH (FLAGS), EXPUNGE and EXISTS; §5.5: never an EXPUNGE while answering FETCH,
    STORE or SEARCH (sequence numbers would shift under the client), but at NOOP."""
    setup = connect(server)
    first, second, third = (appended(setup, "INBOX", make_message(f"shared {i}")) for i in range(3))
    setup.logout()
    a, b = connect(server), connect(server)
    assert a.select("INBOX")[1] == [b"3"]
    for kind in ("FETCH", "EXPUNGE", "EXISTS", "RECENT"):
        untagged(a, kind)
    assert b.select("INBOX")[0] == "OK"
    assert b.uid("STORE", str(first), "+FLAGS.SILENT", r"(\Flagged)")[0] == "OK"
    assert b.uid("STORE", str(second), "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK"
    assert b.expunge()[0] == "OK"
    fourth = appended(b, "INBOX", make_message("from b"))

    typ, data = a.fetch("1:3", "(UID)")
    assert typ == "OK"
    assert untagged(a, "EXPUNGE") == [], "RFC 9051 §5.5: no EXPUNGE during FETCH"
    deadline = time.monotonic() + 10  # a server may notice another session's change a moment later
    # The flag change may come with the FETCH's own responses (Dovecot adds FLAGS to them).
    seen = {"FETCH": [d for d in data if isinstance(d, bytes)], "EXPUNGE": [], "EXISTS": []}
    while time.monotonic() < deadline and not (seen["EXPUNGE"] and seen["EXISTS"]
                                               and any(b"\\Flagged" in f for f in seen["FETCH"])):
        assert a.noop()[0] == "OK"
        for kind in seen:
            seen[kind] += untagged(a, kind)
        time.sleep(0.1)
    assert seen["EXPUNGE"] == [b"2"], seen
    assert any(re.match(rb"1 \(.*FLAGS \([^)]*\\Flagged", f) for f in seen["FETCH"]), seen
    assert seen["EXISTS"], "the appended message is announced"
    assert len(a.fetch("1:*", "(UID)")[1]) == 3, "three messages after one expunged and one appended"
    assert uids(a, "ALL") == [first, third, fourth] == uids(b, "ALL")
    a.logout()
    b.logout()


def test_idle_session_sees_another_sessions_flags_and_expunge(server):
    """RFC 2177: during IDLE, flag changes and expunges by another session arrive unasked (issue 10:
    within a second; the timeout here is generous)."""
    setup = connect(server)
    target = appended(setup, "INBOX", make_message("idle target"))
    other = appended(setup, "INBOX", make_message("idle other"))
    setup.logout()
    a = IMAPClient("127.0.0.1", port=server.ports["imap"], ssl=False, timeout=30)
    a.login(USER, PASSWORD)
    a.select_folder("INBOX")
    a.idle()
    b = connect(server)
    b.select("INBOX")
    assert b.uid("STORE", str(other), "+FLAGS.SILENT", r"(\Seen $Read)")[0] == "OK"
    assert b.uid("STORE", str(target), "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK"
    assert b.expunge()[0] == "OK"
    deadline = time.monotonic() + 20
    seen = []
    fetched = []
    while time.monotonic() < deadline and not ((1, b"EXPUNGE") in seen and fetched):
        seen += a.idle_check(timeout=1)
        # (2, b"FETCH", (b"FLAGS", (...))) before the expunge, (1, ...) after it
        # The FETCH's items in any order (RFC 9051 §7.5.2): FLAGS may follow UID.
        fetched = [r for r in seen if len(r) > 2 and r[1] == b"FETCH" and any(
            isinstance(item, tuple) and b"$Read" in item for item in r[2])]
    a.idle_done()
    assert (1, b"EXPUNGE") in seen, seen
    assert fetched, seen
    a.logout()
    b.logout()


class Raw:
    """A socket speaking IMAP by hand, for what no client library will send."""

    def __init__(self, server):
        self.sock = socket.create_connection(("127.0.0.1", server.ports["imap"]), timeout=15)
        self.buffer = b""
        assert self.line().startswith(b"* OK")

    def line(self) -> bytes:
        """One response line; b"" when the server has closed the connection."""
        while b"\r\n" not in self.buffer:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                rest, self.buffer = self.buffer, b""
                return rest
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line + b"\r\n"

    def send(self, data: bytes):
        self.sock.sendall(data)

    def until(self, tag: bytes) -> list[bytes]:
        lines = []
        while True:
            line = self.line()
            lines.append(line)
            if not line or line.startswith(tag + b" ") or line.startswith(b"* BYE"):
                return lines

    def login(self):
        self.send(f"l LOGIN {USER} {PASSWORD}\r\n".encode())
        assert self.until(b"l")[-1].startswith(b"l OK")
        return self

    def close(self):
        self.sock.close()


@pytest.fixture
def bystander(server):
    """A session opened before the hostile ones, which must keep working after them."""
    c = connect(server)
    appended(c, "INBOX", make_message("bystander"))
    c.select("INBOX")
    yield c
    assert c.noop()[0] == "OK", "another session's bad input harmed this one"
    assert len(uids(c, "ALL")) == 1
    c.logout()
    fresh = connect(server)
    assert fresh.select("INBOX")[1] == [b"1"], "and new sessions are served"
    fresh.logout()


@pytest.mark.parametrize("junk", [b"a1 FETCH 1 (BODY[", b"a1 SELECT \"unterminated", b"a1 STORE 0 +FLAGS (\\Seen)",
                                  b"a1 UID FETCH 4294967296 FLAGS", b"a1 FETCH 1:* (FLAGS", b"a1 LOGIN\x00 x y",
                                  b"a1 SEARCH CHARSET", b"\xff\xfe\x00garbage"],
                         ids=["open-section", "open-quote", "seq-zero", "uid-overflow", "open-paren", "nul",
                              "charset-without-name", "binary"])
def test_malformed_commands_get_bad_and_the_session_goes_on(server, bystander, junk):
    """RFC 9051 §7.1.5: a command the server cannot parse gets BAD (tagged, or untagged when even
    the tag is unreadable); the session then works as before."""
    raw = Raw(server).login()
    raw.send(b"s SELECT INBOX\r\n")
    assert raw.until(b"s")[-1].startswith(b"s OK")
    raw.send(junk + b"\r\n")
    reply = raw.line()
    assert re.match(rb"(a1|\*) BAD ", reply), (junk, reply)
    raw.send(b"n NOOP\r\n")
    assert raw.until(b"n")[-1].startswith(b"n OK")
    raw.close()


def test_an_over_long_line_is_refused(server, bystander):
    """RFC 9051 §4: a server may limit line length; past its limit (mailroom: imap_max_line_length,
    Dovecot's 64 KiB) it answers BAD and goes on, or says BYE and closes; it never buffers without end."""
    for command in (b"a SELECT ", b"a UID SEARCH ", b"a LIST \"\" "):
        raw = Raw(server).login()
        raw.send(command + b"x" * 300_000 + b"\r\nn NOOP\r\n")
        reply = raw.line()
        assert reply.startswith(b"a BAD") or reply.startswith(b"* BYE"), (command, reply)
        if reply.startswith(b"a BAD"):
            assert raw.until(b"n")[-1].startswith(b"n OK")
        else:
            assert raw.line() == b"", "BYE, then the connection closes"
        raw.close()


def test_a_huge_literal_is_refused_before_any_byte_is_sent(server, bystander):
    """RFC 9051 §4.3 and §7.5: for a synchronizing literal the client waits for `+`; a server that
    will not take 999,999,999 octets answers NO/BAD instead ([TOOBIG], RFC 4469; Dovecot says
    [LIMIT]), so not one byte of it crosses the network; the session goes on."""
    raw = Raw(server).login()
    raw.send(b"a APPEND INBOX {999999999}\r\n")
    reply = raw.line()
    assert not reply.startswith(b"+"), "a continuation invites the client to send a gigabyte"
    assert re.match(rb"a (NO|BAD) ", reply), reply
    raw.send(b"n NOOP\r\n")
    assert raw.until(b"n")[-1].startswith(b"n OK")
    raw.close()
    raw = Raw(server)  # a literal the server accepts: it answers `+` and reads it
    raw.send(b"l LOGIN {%d}\r\n" % len(USER))
    assert raw.line().startswith(b"+")
    raw.send(USER.encode() + b" " + PASSWORD.encode() + b"\r\n")
    assert raw.until(b"l")[-1].startswith(b"l OK")
    raw.close()


@pytest.mark.parametrize("logged_in", [False, True], ids=["before-login", "after-login"])
def test_a_storm_of_bad_commands_ends_in_bye(server, bystander, logged_in):
    """Issue 10, Limits: too many errors close the session (Dovecot: 20) with an untagged BYE
    (RFC 9051 §7.1.5), before login as after."""
    raw = Raw(server)
    if logged_in:
        raw.login()
    raw.send(b"x FROBNICATE now\r\n" * 200)
    replies = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = raw.line()
        if not line:
            break
        replies.append(line)
    assert replies and replies[-1].startswith(b"* BYE"), replies[-3:]
    assert all(r.startswith(b"x BAD") for r in replies[:-1])
    assert len(replies) < 200, "the session was closed before the storm ended"
    raw.close()


def test_sigkill_loses_no_acknowledged_append_or_store(server):
    """Issue 10: the index is updated atomically and survives SIGKILL. One session APPENDs while
    another STOREs flags; the server is killed with SIGKILL mid-stream; after a restart every
    APPEND and STORE that got OK is there, UIDs unchanged, message bytes intact."""
    setup = connect(server)
    targets = [appended(setup, "INBOX", make_message(f"flag target {i}")) for i in range(40)]
    setup.create("Crash")
    setup.logout()
    appends, stores = {}, {}
    lock = threading.Lock()
    enough = threading.Event()

    def appender():
        c = connect(server)
        try:
            for i in range(400):
                raw = make_message(f"crash append {i}", body=f"{uuid.uuid4().hex}\r\n" * 20)
                uid = appended(c, "Crash", raw, r"(\Seen)")
                with lock:
                    appends[uid] = raw
                    if len(appends) >= 15 and len(stores) >= 15:
                        enough.set()
        except Exception:  # noqa: BLE001  (the server is gone: imaplib raises OSError, EOFError or abort)
            return

    def storer():
        c = connect(server)
        try:
            c.select("INBOX")
            for i, uid in enumerate(targets):
                keyword = f"$Crash{i}"
                if c.uid("STORE", str(uid), "+FLAGS.SILENT", f"(\\Flagged {keyword})")[0] != "OK":
                    return
                with lock:
                    stores[uid] = keyword
                    if len(appends) >= 15 and len(stores) >= 15:
                        enough.set()
        except Exception:  # noqa: BLE001  (the server is gone)
            return

    threads = [threading.Thread(target=appender), threading.Thread(target=storer)]
    for t in threads:
        t.start()
    assert enough.wait(timeout=60), "the sessions made no progress"
    server.kill()
    for t in threads:
        t.join(timeout=30)
    with lock:
        expected_appends, expected_stores = dict(appends), dict(stores)

    server.start()
    c = connect(server)
    c.select("Crash", readonly=True)
    present = set(uids(c, "ALL"))
    assert set(expected_appends) <= present, f"acknowledged APPENDs lost: {sorted(set(expected_appends) - present)}"
    for uid, raw in expected_appends.items():
        typ, data = c.uid("FETCH", str(uid), "(FLAGS BODY.PEEK[])")
        assert typ == "OK" and data[0][1] == raw, f"UID {uid} is not what was appended"
        assert b"\\Seen" in data[0][0]
    c.select("INBOX", readonly=True)
    for uid, keyword in expected_stores.items():
        typ, data = c.uid("FETCH", str(uid), "(FLAGS)")
        flags = re.search(rb"FLAGS \(([^)]*)\)", data[0]).group(1).split()
        assert b"\\Flagged" in flags and keyword.encode() in flags, f"acknowledged STORE on UID {uid} lost: {flags}"
    c.logout()
