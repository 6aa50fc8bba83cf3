"""SMTP, submission and LMTP through the built binary with real clients (smtplib, swaks, s-nail),
and delivery into Maildir and mbox read back with Python's mailbox module."""

import email
import email.policy
import mailbox
import shutil
import smtplib
import ssl
import subprocess
import uuid

import pytest

from conftest import read_message

PASSWORD = "s3cret-Passw0rd"


def unverified():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def message(subject="hello", body="Hello,\r\n.leading dot\r\nFrom the start\r\n\r\nbye\r\n"):
    mid = f"<{uuid.uuid4().hex}@client.example>"
    raw = (f"From: xiong@example.test\r\nTo: root@example.test\r\nSubject: {subject}\r\n"
           f"Message-ID: {mid}\r\n\r\n{body}").encode()
    return raw, mid


def split_trace(delivered: bytes):
    """The header fields mailroom prepended, and the message as submitted."""
    trace_names = (b"return-path:", b"delivered-to:", b"x-original-to:", b"received:")
    lines = delivered.split(b"\r\n")
    i = 0
    trace = []
    while i < len(lines) and (lines[i].lower().startswith(trace_names) or lines[i][:1] in (b" ", b"\t")):
        trace.append(lines[i])
        i += 1
    return trace, b"\r\n".join(lines[i:])


@pytest.fixture
def server(instance):
    inst = instance("mynetworks = 192.0.2.0/24\n")
    inst.add_user("xiong@example.test", PASSWORD)
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    yield inst
    assert inst.stop() == 0


def submit(server, raw, rcpts=("root@example.test",), port="submission"):
    with smtplib.SMTP("127.0.0.1", server.ports[port], local_hostname="client.example", timeout=30) as s:
        s.ehlo()
        s.starttls(context=unverified())
        s.ehlo()
        s.login("xiong", PASSWORD)
        return s.sendmail("xiong@example.test", list(rcpts), raw)


def test_submission_delivers_byte_for_byte_with_trace_headers(server):
    raw, mid = message()
    assert submit(server, raw) == {}
    [path] = server.wait_for_messages("root", 1)
    assert b"\r\n" not in path.read_bytes(), "Maildir files hold LF line ends, as Postfix and Dovecot write them"
    delivered = read_message(path)
    trace, rest = split_trace(delivered)
    assert rest == raw
    names = [t.split(b":")[0].lower() for t in trace if t[:1] not in (b" ", b"\t")]
    assert names[:3] == [b"return-path", b"x-original-to", b"delivered-to"] or names[:2] == [b"return-path", b"delivered-to"], trace
    parsed = email.message_from_bytes(delivered, policy=email.policy.default)
    assert parsed["Return-Path"] == "<xiong@example.test>"
    assert parsed["Delivered-To"] == "root@example.test"
    assert "by mail.example.test (mailroom) with ESMTPSA" in " ".join(str(v) for v in parsed.get_all("Received"))
    box = mailbox.Maildir(str(server.maildir("root")), create=False)
    assert [m["Message-ID"] for m in box] == [mid]


def test_port_25_accepts_local_mail_without_auth_and_refuses_relay(server):
    raw, _ = message()
    with smtplib.SMTP("127.0.0.1", server.ports["smtp"], timeout=30) as s:
        s.ehlo("client.example")
        assert "SIZE" in s.esmtp_features["size"] or s.has_extn("size")
        s.mail("friend@outside.test")
        code, text = s.rcpt("someone@elsewhere.test")
        assert code == 554 and b"5.7.1" in text
        code, text = s.rcpt("nobody@example.test")
        assert code == 550 and b"5.1.1" in text
        assert s.rcpt("Root@Example.Test")[0] == 250
        assert s.data(raw)[0] == 250
    server.wait_for_messages("root", 1)


def test_submissions_implicit_tls(server):
    raw, _ = message()
    with smtplib.SMTP_SSL("127.0.0.1", server.ports["submissions"], context=unverified(), timeout=30) as s:
        s.login("xiong@example.test", PASSWORD)
        assert s.sendmail("xiong@example.test", ["root@example.test"], raw) == {}
    server.wait_for_messages("root", 1)


def test_wrong_password_and_plaintext_auth_rules(server):
    with smtplib.SMTP("127.0.0.1", server.ports["submission"], timeout=30) as s:
        s.ehlo()
        s.starttls(context=unverified())
        s.ehlo()
        with pytest.raises(smtplib.SMTPAuthenticationError) as failure:
            s.login("xiong", "wrong")
        assert failure.value.smtp_code == 535


def test_lmtp_delivers_with_smtplib(server):
    raw, _ = message()
    with smtplib.LMTP("127.0.0.1", server.ports["lmtp"], timeout=30) as s:
        assert s.sendmail("sender@outside.test", ["root@example.test"], raw) == {}
    server.wait_for_messages("root", 1)


def test_lmtp_replies_once_per_recipient_after_the_data(server):
    """RFC 2033 §4.2 (smtplib reads only one reply after DATA, so this speaks LMTP itself)."""
    import socket
    with socket.create_connection(("127.0.0.1", server.ports["lmtp"]), timeout=30) as s:
        f = s.makefile("rb")
        assert f.readline().startswith(b"220 ")
        s.sendall(b"LHLO client.example\r\n")
        while not f.readline().startswith(b"250 "):
            pass
        s.sendall(b"MAIL FROM:<sender@outside.test>\r\nRCPT TO:<root@example.test>\r\n"
                  b"RCPT TO:<nobody@example.test>\r\nRCPT TO:<xiong@example.test>\r\nDATA\r\n")
        replies = [f.readline() for _ in range(5)]
        assert [r[:3] for r in replies] == [b"250", b"250", b"550", b"250", b"354"], replies
        s.sendall(b"Subject: lmtp\r\n\r\nbody\r\n.\r\n")
        after = [f.readline() for _ in range(2)]
        assert [r[:3] for r in after] == [b"250", b"250"], after
        assert b"root@example.test" in after[0] and b"xiong@example.test" in after[1]
    server.wait_for_messages("root", 1)
    server.wait_for_messages("xiong", 1)


def test_pipelined_transactions_and_bdat(server):
    import socket
    body = b"Subject: chunked\r\n\r\nline one\r\n"
    with socket.create_connection(("127.0.0.1", server.ports["smtp"]), timeout=30) as s:
        f = s.makefile("rb")
        assert f.readline().startswith(b"220 ")
        s.sendall(b"EHLO client.example\r\n")
        while not (line := f.readline()).startswith(b"250 "):
            assert line.startswith(b"250-")
        s.sendall(b"MAIL FROM:<a@outside.test>\r\nRCPT TO:<root@example.test>\r\n"
                  + b"BDAT %d LAST\r\n" % len(body) + body + b"NOOP\r\n")
        replies = [f.readline() for _ in range(4)]
        assert [r[:3] for r in replies] == [b"250"] * 4, replies
        assert b"queued as" in replies[2]
    [path] = server.wait_for_messages("root", 1)
    assert split_trace(read_message(path))[1] == body


def test_swaks_submission_with_starttls_and_auth(server):
    if not shutil.which("swaks"):
        pytest.skip("swaks is not installed")
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(server.ports["submission"]),
                        "--from", "xiong@example.test", "--to", "root@example.test", "--tls",
                        "--auth", "PLAIN", "--auth-user", "xiong", "--auth-password", PASSWORD,
                        "--header", "Subject: via swaks", "--body", "swaks body"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    [path] = server.wait_for_messages("root", 1)
    assert b"swaks body" in read_message(path)


def test_s_nail_submission_with_starttls_and_auth(server):
    if not shutil.which("s-nail"):
        pytest.skip("s-nail is not installed")
    env = {"HOME": str(server.workdir), "PATH": "/usr/bin:/bin", "MAILRC": "/dev/null"}
    r = subprocess.run(["s-nail", "-#", "-:/", "-S", "v15-compat", "-S", "sendwait",
                        "-S", f"mta=smtp://xiong%40example.test:{PASSWORD}@127.0.0.1:{server.ports['submission']}",
                        "-S", "smtp-use-starttls", "-S", "smtp-auth=plain", "-S", "tls-verify=ignore",
                        "-S", "from=xiong@example.test", "-s", "via s-nail", "root@example.test"],
                       input="s-nail body\n", capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    [path] = server.wait_for_messages("root", 1)
    assert b"s-nail body" in read_message(path)


def test_mbox_delivery_is_read_by_python_mailbox(instance):
    inst = instance(f"mail_location = mbox:~/mail:INBOX={{data}}/var/mail/%n\n".replace("{data}", "DATA"))
    inst.config.write_text(inst.config.read_text().replace("DATA", str(inst.workdir)))
    # A spool the server may create mailboxes in once it runs as mail_owner (Debian's is root:mail 2775).
    (inst.workdir / "var" / "mail").mkdir(parents=True)
    (inst.workdir / "var" / "mail").chmod(0o1777)
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    raw, mid = message(body="From here on\r\n>From quoted\r\nend\r\n")
    with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=30) as s:
        s.sendmail("friend@outside.test", ["root@example.test"], raw)
    path = inst.workdir / "var" / "mail" / "root"
    import time
    deadline = time.monotonic() + 30
    while not (path.exists() and path.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    text = path.read_bytes()
    assert text.startswith(b"From friend@outside.test ")
    assert b"\n>From here on\n>>From quoted\n" in text
    [msg] = list(mailbox.mbox(str(path)))
    assert msg["Message-ID"] == mid
    assert inst.stop() == 0
