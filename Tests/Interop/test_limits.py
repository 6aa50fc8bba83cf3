"""Limits every listener applies (ServerKit): the write timeout (a client that stops reading is dropped
and its POP3 maildrop freed), the per-listener connection cap (default_process_limit), the session
time limit, and LMTP on loopback by default; and POP3 RETR of messages larger than the read-ahead
batch, streamed a piece at a time."""

import poplib
import smtplib
import socket
import time

import pytest

from test_pop3 import deliver, login_once, retrieve
from test_sendmail import sendmail
from test_smtp import PASSWORD, split_trace


def start(instance, extra):
    inst = instance(extra)
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    return inst


def login_when_free(server, deadline=120):
    """Logs in, retrying [IN-USE] until the maildrop is free (bounded by a generous deadline)."""
    end = time.monotonic() + deadline
    while True:
        try:
            return login_once(server)
        except poplib.error_proto as error:
            if b"[IN-USE]" not in error.args[0] or time.monotonic() > end:
                raise
            time.sleep(0.2)


def large_body(megabytes):
    line = b"x" * 70 + b"\r\n"
    dotted = b".a line that starts with a dot\r\n"
    return (line * 100 + dotted) * (megabytes * 1024 * 1024 // (len(line) * 100 + len(dotted)))


def test_retr_and_top_of_a_message_larger_than_the_read_ahead_batch(instance):
    server = start(instance, "message_size_limit = 0\n")
    body = large_body(3).decode()
    [sent] = deliver(server, 1, body=body)
    server.wait_for_messages("root", 1)
    p = login_when_free(server)
    size = int(p.list()[1][0].split()[1])
    message, _ = retrieve(p, 1)
    assert len(message) == size
    assert split_trace(message)[1] == sent, "byte-identical after the trace fields"
    _, top, _ = p.top(1, 2)
    assert top[-3:] == [b"", b"x" * 70, b"x" * 70], "TOP 1 2: the headers, the blank line, two body lines"
    p.quit()
    assert server.stop() == 0


def test_a_client_that_stops_reading_is_dropped_and_its_maildrop_freed(instance):
    server = start(instance, "message_size_limit = 0\nsmtpd_timeout = 2s\n")
    # Larger than what the kernel buffers between the two sockets, so the server's writes must stall.
    # Queued by sendmail, not over SMTP: on a loaded machine a 16 MiB DATA can pause past the 2 s
    # timeout this test needs for POP3.
    assert sendmail(server, "-oi", "root", input=b"Subject: large\r\n\r\n" + large_body(16)).returncode == 0
    server.wait_for_messages("root", 1)
    stuck = socket.socket()
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.settimeout(60)
    stuck.connect(("127.0.0.1", server.ports["pop3"]))
    replies = stuck.makefile("rb")
    assert replies.readline().startswith(b"+OK")
    stuck.sendall(b"USER root\r\nPASS " + PASSWORD.encode() + b"\r\n")
    assert replies.readline().startswith(b"+OK") and replies.readline().startswith(b"+OK")
    stuck.sendall(b"RETR 1\r\n")  # and read nothing more

    p = login_when_free(server)
    assert p.stat()[0] == 1, "the next session gets the maildrop once the stuck one is dropped"
    p.quit()
    received = 0
    try:
        while chunk := stuck.recv(1 << 20):
            received += len(chunk)
    except ConnectionResetError:
        pass
    assert received < 16 * 1024 * 1024, "the server closed the connection before the message was out"
    stuck.close()
    assert server.stop() == 0


def test_connections_over_default_process_limit_are_refused_in_each_protocol(instance):
    server = start(instance, "default_process_limit = 2\n")
    held = [socket.create_connection(("127.0.0.1", server.ports[name]), timeout=30)
            for name in ("smtp", "smtp", "pop3", "pop3")]
    for s in held:
        assert s.makefile("rb").readline()[:3] in (b"220", b"+OK")
    with socket.create_connection(("127.0.0.1", server.ports["smtp"]), timeout=30) as s:
        reply = s.makefile("rb").readline()
        assert reply.startswith(b"421 4.3.2 mail.example.test "), reply
    with socket.create_connection(("127.0.0.1", server.ports["pop3"]), timeout=30) as s:
        reply = s.makefile("rb").readline()
        assert reply.startswith(b"-ERR [SYS/TEMP] "), reply
    held[0].close()
    deadline = time.monotonic() + 30
    while True:
        with socket.create_connection(("127.0.0.1", server.ports["smtp"]), timeout=30) as s:
            reply = s.makefile("rb").readline()
        if reply.startswith(b"220") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert reply.startswith(b"220 "), "a slot frees when a connection ends"
    for s in held[1:]:
        s.close()
    assert server.stop() == 0


def test_a_busy_session_ends_at_session_time_limit(instance):
    server = start(instance, "session_time_limit = 2s\n")
    s = smtplib.SMTP("127.0.0.1", server.ports["smtp"], timeout=30)
    deadline = time.monotonic() + 60
    with pytest.raises((smtplib.SMTPServerDisconnected, ConnectionError)):
        while time.monotonic() < deadline:
            assert s.noop()[0] == 250
            time.sleep(0.1)
    assert server.stop() == 0


def test_lmtp_stays_on_loopback_when_the_others_listen_everywhere(instance):
    server = start(instance, "inet_interfaces = all\n")
    server.wait_for_log(f"smtp listening on 0.0.0.0:{server.ports['smtp']}")
    log = server.log.read_text()
    assert f"lmtp listening on 127.0.0.1:{server.ports['lmtp']}" in log
    assert "lmtp listening on 0.0.0.0" not in log
    assert server.stop() == 0
