"""Defences of issue 9 through the built binary: SMTP smuggling, AUTH on port 25, state after STARTTLS,
DSN parameters that would inject header lines. Each test states what RFC 5321 / Postfix 3.9 require."""

import smtplib
import socket
import time

import pytest

from conftest import read_message

from test_smtp import PASSWORD, server, split_trace, unverified  # noqa: F401 (server is a fixture)


class Line:
    """A raw SMTP client: sends bytes, reads reply lines."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.file = self.sock.makefile("rb")
        assert self.reply().startswith(b"220 ")

    def reply(self):
        lines = []
        while True:
            line = self.file.readline()
            lines.append(line)
            if not line or line[3:4] != b"-":
                return b"".join(lines)

    def send(self, data: bytes):
        self.sock.sendall(data)

    def command(self, line: bytes):
        self.send(line + b"\r\n")
        return self.reply()

    def close(self):
        self.sock.close()


@pytest.mark.parametrize("fake_end", [b"\n.\n", b"\r\n.\n", b"\n.\r\n", b"\r.\r"])
def test_smtp_smuggling_delivers_no_forged_message(server, fake_end):
    """RFC 5321 §4.1.1.4: only CRLF.CRLF ends DATA; the CVE-2023-51764 transcript sends one message."""
    c = Line(server.ports["smtp"])
    assert c.command(b"EHLO client.example").startswith(b"250")
    assert c.command(b"MAIL FROM:<sender@outside.test>").startswith(b"250")
    assert c.command(b"RCPT TO:<root@example.test>").startswith(b"250")
    assert c.command(b"DATA").startswith(b"354")
    c.send(b"Subject: real\r\n\r\nbody" + fake_end
           + b"MAIL FROM:<ceo@example.test>\r\nRCPT TO:<xiong@example.test>\r\nDATA\r\n"
           + b"Subject: forged\r\n\r\nforged\r\n.\r\nQUIT\r\n")
    replies = [c.reply(), c.reply()]
    c.close()
    assert replies[0].startswith(b"250 2.0.0 Ok: queued as"), replies
    assert replies[1].startswith(b"221"), replies
    [path] = server.wait_for_messages("root", 1)
    body = split_trace(read_message(path))[1]
    assert b"MAIL FROM:<ceo@example.test>" in body
    time.sleep(0.5)  # any second delivery would have been queued with the first
    assert not (server.maildir("xiong") / "new").exists() or not list((server.maildir("xiong") / "new").iterdir())


def test_bare_newline_reject_closes_with_521(instance):
    inst = instance("smtpd_forbid_bare_newline = reject\nsmtpd_forbid_bare_newline_exclusions =\n")
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    c = Line(inst.ports["smtp"])
    c.command(b"EHLO client.example")
    c.command(b"MAIL FROM:<sender@outside.test>")
    c.command(b"RCPT TO:<root@example.test>")
    c.command(b"DATA")
    c.send(b"Subject: x\r\n\r\nbare\nline\r\n.\r\n")
    assert c.reply().startswith(b"521 5.5.2 mail.example.test Error: bare <LF> received")
    assert c.file.readline() == b"", "the connection is closed"
    c.close()
    assert inst.stop() == 0


def test_auth_is_not_offered_on_port_25_by_default(server):
    with smtplib.SMTP("127.0.0.1", server.ports["smtp"], timeout=30) as s:
        s.ehlo()
        assert not s.has_extn("auth")
        s.starttls(context=unverified())
        s.ehlo()
        assert not s.has_extn("auth"), "smtpd_sasl_auth_enable = no (Postfix's default)"
        code, _ = s.docmd("AUTH", "PLAIN AHhpb25nAHMzY3JldC1QYXNzdzByZA==")
        assert code == 503


def test_auth_on_port_25_when_enabled_and_starttls_forgets_it(instance):
    """RFC 3207 §4.2: after STARTTLS the server forgets everything, the login included, so the
    relay permission that AUTH gave before TLS is gone."""
    inst = instance("mynetworks = 192.0.2.0/24\nsmtpd_sasl_auth_enable = yes\n")
    inst.add_user("xiong@example.test", PASSWORD)
    inst.start()
    with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=30) as s:
        s.ehlo()
        assert s.has_extn("auth"), "plaintext AUTH from loopback is allowed"
        s.login("xiong", PASSWORD)
        s.starttls(context=unverified())
        s.ehlo()
        s.mail("xiong@example.test")
        code, text = s.rcpt("friend@elsewhere.test")
        assert code == 554 and b"Relay access denied" in text
    assert inst.stop() == 0


@pytest.mark.parametrize("parameter", [b"ENVID=a+0D+0ABcc:x@example.test", b"ENVID=a+00b", b"ENVID=caf+C3+A9"])
def test_envid_that_is_not_printable_ascii_is_refused(server, parameter):
    c = Line(server.ports["smtp"])
    c.command(b"EHLO client.example")
    assert c.command(b"MAIL FROM:<a@outside.test> " + parameter).startswith(b"501 5.5.4")
    c.close()


def test_orcpt_with_crlf_is_refused(server):
    c = Line(server.ports["smtp"])
    c.command(b"EHLO client.example")
    c.command(b"MAIL FROM:<a@outside.test>")
    reply = c.command(b"RCPT TO:<root@example.test> ORCPT=rfc822;a+0D+0ABcc:x@example.test")
    assert reply.startswith(b"501 5.5.4"), reply
    assert c.command(b"RCPT TO:<root@example.test> ORCPT=rfc822;root+2Btag@example.test").startswith(b"250")
    c.close()


def test_helo_with_control_characters_is_refused(server):
    c = Line(server.ports["smtp"])
    assert c.command(b"EHLO a\rX-Injected: yes").startswith(b"501 5.5.4")
    c.close()


def test_submission_refuses_a_sender_the_login_does_not_own(server):
    """Postfix reject_sender_login_mismatch: xiong may not send as root or as a remote address."""
    with smtplib.SMTP("127.0.0.1", server.ports["submission"], timeout=30) as s:
        s.ehlo()
        s.starttls(context=unverified())
        s.ehlo()
        s.login("xiong", PASSWORD)
        code, text = s.mail("root@example.test")
        assert code == 553 and b"5.7.1" in text and b"not owned by user xiong@example.test" in text
        assert s.mail("ceo@elsewhere.test")[0] == 553
        assert s.mail("xiong+lists@example.test")[0] == 250
        s.rset()
        assert s.mail("")[0] == 250, "the null sender needs no owner"


def test_relay_recipient_maps_refuse_unknown_relay_recipients_at_rcpt(instance, tmp_path):
    table = tmp_path / "relay_recipients"
    table.write_text("# the partner's users\nalice@partner.test OK\n")
    inst = instance(f"relay_domains = partner.test\nrelay_recipient_maps = hash:{table}\n")
    inst.start()
    c = Line(inst.ports["smtp"])
    c.command(b"EHLO client.example")
    c.command(b"MAIL FROM:<someone@outside.test>")
    assert c.command(b"RCPT TO:<alice@partner.test>").startswith(b"250")
    reply = c.command(b"RCPT TO:<forged@partner.test>")
    assert reply.startswith(b"550 5.1.1") and b"User unknown in relay recipient table" in reply
    table.write_text("alice@partner.test OK\nforged@partner.test OK\n")
    time.sleep(1.5)  # the table is checked for changes at most once a second
    assert c.command(b"RCPT TO:<forged@partner.test>").startswith(b"250")
    c.close()
    assert inst.stop() == 0
