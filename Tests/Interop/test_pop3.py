"""POP3 and POP3S with real clients (poplib plain, STLS and POP3S; curl pop3://; fetchmail into a
local mbox): fetched messages are byte-identical to what was delivered; a session's view is fixed
at login; a dropped connection deletes nothing; a second session gets [IN-USE]. POP3 and IMAP share
the account's folder store: UIDL `V.U` is IMAP's UIDVALIDITY V and UID U, a POP3 deletion reaches an
IMAP session in IDLE, and the UIDLs of the old per-mailbox index survive the upgrade."""

import imaplib
import poplib
import re
import time
import shutil
import smtplib
import socket
import ssl
import subprocess
import uuid

import pytest

from test_smtp import PASSWORD, split_trace


def unverified():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@pytest.fixture
def server(instance):
    inst = instance("disable_plaintext_auth = yes\nlogin_trusted_networks = 192.0.2.0/24\n")
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    yield inst
    assert inst.stop() == 0


def deliver(server, count=1, body="Hello\r\n.dot line\r\n"):
    """Sends `count` messages to root over SMTP; returns their raw bytes in order."""
    sent = []
    with smtplib.SMTP("127.0.0.1", server.ports["smtp"], timeout=30) as s:
        for i in range(count):
            raw = f"Subject: pop {i}\r\nMessage-ID: <{uuid.uuid4().hex}@client.example>\r\n\r\n{body}".encode()
            s.sendmail("friend@outside.test", ["root@example.test"], raw)
            sent.append(raw)
    return sent


def login(server, kind="plain"):
    """Logs in as root; a session the server has not yet seen end still holds the maildrop for a
    moment, so [IN-USE] is retried (bounded), as a client would."""
    import time
    deadline = time.monotonic() + 10
    while True:
        try:
            return login_once(server, kind)
        except poplib.error_proto as error:
            if b"[IN-USE]" not in error.args[0] or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def login_once(server, kind="plain"):
    if kind == "pop3s":
        p = poplib.POP3_SSL("127.0.0.1", server.ports["pop3s"], context=unverified(), timeout=30)
    else:
        p = poplib.POP3("127.0.0.1", server.ports["pop3"], timeout=30)
        if kind == "stls":
            p.stls(context=unverified())
    p.user("root")
    p.pass_(PASSWORD)
    return p


def retrieve(p, number):
    _, lines, octets = p.retr(number)
    return b"\r\n".join(lines) + b"\r\n", octets


@pytest.mark.parametrize("kind", ["plain", "stls", "pop3s"])
def test_poplib_fetches_byte_identical(server, kind):
    sent = deliver(server, 2)
    p = login(server, kind)
    assert p.stat()[0] == 2
    sizes = {int(n): int(size) for n, size in (l.split() for l in p.list()[1])}
    fetched = []
    for number in sizes:
        message, _ = retrieve(p, number)
        assert len(message) == sizes[number], "LIST sizes count the message as sent, with CRLF"
        fetched.append(split_trace(message)[1])
    assert sorted(fetched) == sorted(sent), "byte-identical after the trace fields"
    uidls = p.uidl()[1]
    p.quit()
    p = login(server, kind)
    assert p.uidl()[1] == uidls, "UIDLs stay the same across sessions"
    p.quit()


def test_out_of_order_retr_top_and_dele_with_read_ahead(server):
    """The server reads messages ahead of the client in batches: fetching out of order, TOP, and a
    RETR after DELE of a message read ahead must answer exactly as without it."""
    sent = deliver(server, 5, body=".dot line\r\nmiddle\r\n..two dots\r\n")
    p = login(server)
    assert p.stat()[0] == 5
    sizes = {int(n): int(size) for n, size in (l.split() for l in p.list()[1])}
    fetched = {}
    for number in (3, 1, 4):
        message, _ = retrieve(p, number)
        assert len(message) == sizes[number]
        fetched[number] = message
    _, top_lines, _ = p.top(2, 0)
    assert b"" in top_lines and top_lines[-1] == b"", "TOP 0: the headers and the blank line only"
    p.dele(5)
    with pytest.raises(poplib.error_proto):
        p.retr(5)
    message, _ = retrieve(p, 2)
    assert len(message) == sizes[2]
    fetched[2] = message
    assert retrieve(p, 4)[0] == fetched[4], "a message fetched again is the same"
    bodies = {split_trace(m)[1] for m in fetched.values()}
    assert len(bodies) == 4 and bodies <= set(sent), "byte-identical after the trace fields, each one different"
    p.rset()
    message, _ = retrieve(p, 5)
    assert split_trace(message)[1] in sent
    p.quit()


def test_plaintext_login_refused_before_stls_off_trusted_networks(server):
    p = poplib.POP3("127.0.0.1", server.ports["pop3"], timeout=30)
    # loopback is trusted like Dovecot's login_trusted_networks, so USER is offered here;
    # the capability list must say so and STLS must be offered too.
    caps = p.capa()
    assert "STLS" in caps and "UIDL" in caps and "TOP" in caps and "USER" in caps
    p.quit()


def test_session_view_is_fixed_and_dropped_connection_deletes_nothing(server):
    deliver(server, 2)
    p = login(server)
    assert p.stat()[0] == 2
    deliver(server, 1, body="arrived during the session\r\n")
    assert p.stat()[0] == 2, "RFC 1939: the maildrop is fixed for the session"
    p.dele(1)
    p.dele(2)
    p.sock.shutdown(socket.SHUT_RDWR)  # dropped: no QUIT, no UPDATE state
    p.close()
    p = login(server)
    assert p.stat()[0] == 3, "nothing deleted without QUIT; the new message is there"
    p.dele(1)
    p.quit()
    p = login(server)
    assert p.stat()[0] == 2
    p.quit()


def test_second_session_is_in_use(server):
    deliver(server, 1)
    first = login(server)
    with pytest.raises(poplib.error_proto) as refused:
        login_once(server)
    assert b"[IN-USE]" in refused.value.args[0]
    first.quit()


def test_bad_input_gets_err_and_the_session_goes_on(server):
    deliver(server, 1)
    with socket.create_connection(("127.0.0.1", server.ports["pop3"]), timeout=30) as s:
        f = s.makefile("rb")
        assert f.readline().startswith(b"+OK")
        s.sendall(b"STAT\r\nFROB\r\n" + b"X" * 5000 + b"\r\nUSER root\r\nPASS " + PASSWORD.encode() + b"\r\n"
                  b"RETR 9\r\nDELE 0\r\nSTAT\r\nQUIT\r\n")
        replies = [f.readline() for _ in range(8)]
        assert [r[:3] for r in replies] == [b"-ER", b"-ER", b"-ER", b"+OK", b"+OK", b"-ER", b"-ER", b"+OK"], replies
        assert replies[6].startswith(b"+OK 1 ") or replies[7].startswith(b"+OK")


def test_curl_pop3(server):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    [raw] = deliver(server, 1)
    url = f"pop3://127.0.0.1:{server.ports['pop3']}/1"
    r = subprocess.run(["curl", "-s", "--user", f"root:{PASSWORD}", url], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert split_trace(r.stdout)[1] == raw
    listing = subprocess.run(["curl", "-s", "--user", f"root:{PASSWORD}", f"pop3://127.0.0.1:{server.ports['pop3']}/"],
                             capture_output=True, timeout=60)
    assert listing.stdout.startswith(b"1 ")


def test_fetchmail_into_a_local_mbox(server, tmp_path):
    if not shutil.which("fetchmail"):
        pytest.skip("fetchmail is not installed")
    sent = deliver(server, 2, body="From the start of a line\r\nbye\r\n")
    mbox = tmp_path / "fetched.mbox"
    mda = tmp_path / "mda.py"
    mda.write_text("import sys\n"
                   "data = sys.stdin.buffer.read().replace(b'\\r\\n', b'\\n')\n"
                   "lines = [b'>' + l if l.startswith(b'From ') else l for l in data.split(b'\\n')]\n"
                   f"open({str(mbox)!r}, 'ab').write(b'From fetchmail Thu Jan  1 00:00:00 1970\\n' + b'\\n'.join(lines) + b'\\n')\n")
    rc = tmp_path / "fetchmailrc"
    rc.write_text(f'poll 127.0.0.1 service {server.ports["pop3"]} protocol pop3 auth password\n'
                  f'  user "root" password "{PASSWORD}" is "root" here\n'
                  f'  mda "python3 {mda}"\n'
                  f'  sslproto "" nokeep\n')
    rc.chmod(0o600)
    r = subprocess.run(["fetchmail", "-f", str(rc), "--nosyslog", "--pidfile", str(tmp_path / "pid"), "-v"],
                       capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, (r.stdout + r.stderr).decode(errors="replace")[-2000:]
    import mailbox
    fetched = [bytes(m) for m in mailbox.mbox(str(mbox))]
    assert len(fetched) == 2
    p = login(server)
    assert p.stat()[0] == 0, "fetchmail deleted what it fetched (nokeep)"
    p.quit()
    # The queue delivers in parallel, so the mailbox order need not be the sending order.
    for raw in sent:
        [got] = [m for m in fetched if raw.split(b"\r\n")[1] in m]
        body = got.split(b"\n\n", 1)[1]
        assert body == b">From the start of a line\nbye\n", "the body arrived intact (mbox-quoted by the MDA)"


def imap_login(server):
    """IMAP LOGIN as root in the clear (loopback is trusted, as for POP3 above)."""
    c = imaplib.IMAP4("127.0.0.1", server.ports["imap"], timeout=30)
    assert c.login("root@example.test", PASSWORD)[0] == "OK"
    return c


def imap_identities(c, count):
    """{Message-ID: "UIDVALIDITY.UID"} of the INBOX once it holds `count` messages (deliveries are
    queued first, so this polls, bounded)."""
    deadline = time.monotonic() + 30
    while True:
        typ, data = c.select("INBOX")
        assert typ == "OK", data
        if int(data[0]) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    validity = int(re.search(rb"UIDVALIDITY (\d+)", c.status("INBOX", "(UIDVALIDITY)")[1][0]).group(1))
    typ, data = c.uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    assert typ == "OK", data
    found = {}
    for item in data:
        if isinstance(item, tuple):
            uid = int(re.search(rb"UID (\d+)", item[0]).group(1))
            found[item[1].split(b":", 1)[1].strip()] = f"{validity}.{uid}"
    assert len(found) == count, found
    return found


def pop3_identities(p):
    """{Message-ID: UIDL} of a POP3 session's maildrop, read with TOP n 0."""
    found = {}
    for line in p.uidl()[1]:
        number, uidl = line.split()
        headers = p.top(int(number), 0)[1]
        [mid] = [h.split(b":", 1)[1].strip() for h in headers if h.lower().startswith(b"message-id:")]
        found[mid] = uidl.decode()
    return found


def test_pop3_uidl_is_imap_uidvalidity_and_uid_and_dele_reaches_imap_idle(server):
    """Issue 10 §3: one identity for both protocols. A message delivered after the first IMAP login
    has UIDL "V.U" over POP3 (RFC 1939 §7) where IMAP says UIDVALIDITY V, UID U (RFC 9051 §2.3.1);
    a POP3 DELE and QUIT (the UPDATE state, RFC 1939 §6) is seen by an IMAP session in IDLE as an
    EXPUNGE (RFC 2177), and IMAP no longer lists the message."""
    from imapclient import IMAPClient
    deliver(server, 1)
    first = imap_login(server)
    imap_identities(first, 1)
    # A UID POP3 never saw: an APPEND expunged at once. Two stores numbering on their own would
    # now disagree on every later message; one store cannot.
    assert first.append("INBOX", None, None, b"Subject: gone\r\n\r\nsoon\r\n")[0] == "OK"
    first.select("INBOX")
    assert first.store("2", "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK" and first.expunge()[0] == "OK"
    deliver(server, 2)
    imap = imap_identities(first, 3)
    first.logout()
    p = login(server)
    assert pop3_identities(p) == imap, "the same messages under the same names"
    p.quit()

    watcher = IMAPClient("127.0.0.1", port=server.ports["imap"], ssl=False, timeout=30)
    watcher.login("root@example.test", PASSWORD)
    watcher.select_folder("INBOX")
    watcher.idle()
    p = login(server)
    doomed_number, doomed_uidl = p.uidl()[1][1].split()
    p.dele(int(doomed_number))
    p.quit()
    deadline = time.monotonic() + 20
    seen = []
    while time.monotonic() < deadline and (2, b"EXPUNGE") not in seen:
        seen += watcher.idle_check(timeout=1)
    watcher.idle_done()
    assert (2, b"EXPUNGE") in seen, seen
    watcher.logout()
    after = imap_login(server)
    remaining = imap_identities(after, 2)
    after.logout()
    assert doomed_uidl.decode() not in remaining.values()
    assert set(remaining.values()) == set(imap.values()) - {doomed_uidl.decode()}


def test_uidls_of_the_old_mailroom_index_survive_the_upgrade(server):
    """RFC 1939 §7: a client that left mail on the server remembers UIDLs; after the upgrade from
    the per-mailbox mailroom.index to the account's index they are the same, and IMAP agrees."""
    deliver(server, 2)
    files = server.wait_for_messages("root", 2)
    keys = [re.split("[:,]", f.name, maxsplit=1)[0] for f in files]
    # As the last version with the per-mailbox index wrote it (UIDs 3 and 4, the next one 9).
    old = "mailroom-index 1 1600000000 9\n" + "".join(f"{uid} {key}\n" for uid, key in zip((3, 4), sorted(keys)))
    (server.maildir("root") / "mailroom.index").write_text(old)
    p = login(server)
    uidls = sorted(line.split()[1].decode() for line in p.uidl()[1])
    p.quit()
    assert uidls == ["1600000000.3", "1600000000.4"]
    c = imap_login(server)
    assert sorted(imap_identities(c, 2).values()) == uidls
    c.logout()
    deliver(server, 1)
    p = login(server)
    deadline = time.monotonic() + 30
    while p.stat()[0] < 3 and time.monotonic() < deadline:
        p.quit()
        time.sleep(0.1)
        p = login(server)
    assert sorted(line.split()[1].decode() for line in p.uidl()[1])[-1] == "1600000000.9", "UIDs are never given twice"
    p.quit()
