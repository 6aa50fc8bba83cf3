"""Outbound delivery between two mailroom instances on loopback: each serves its domain's zone (MX
mail.DOMAIN -> 127.0.0.1) and resolves through the other's DNS, with `smtp_remote_port` set to the
other's SMTP port. Mail goes both ways over STARTTLS, a refused recipient bounces with an RFC 3464
report into the sender's Maildir, and mail for a server that is down waits in the queue until
`mailroom queue flush` after it is back."""

import contextlib
import email
import shutil
import smtplib
import time
from pathlib import Path

import pytest

from conftest import free_port

PASSWORD = "Sec0nd-pass"


def zone(domain):
    return f"""$TTL 300
@       IN SOA  ns.{domain}. hostmaster.{domain}. ( 1 3600 600 86400 300 )
        IN NS   ns.{domain}.
        IN MX   10 mail.{domain}.
ns      IN A    127.0.0.1
mail    IN A    127.0.0.1
"""


@pytest.fixture
def pair(instance, tmp_path):
    first, second = instance(), instance()
    dns = {"first": free_port(), "second": free_port()}
    for inst, name, domain, other, other_dns in (
        (first, "first", "example.test", second, dns["second"]),
        (second, "second", "second.test", first, dns["first"]),
    ):
        zone_file = inst.workdir / f"{domain}.zone"
        zone_file.write_text(zone(domain))
        with open(inst.config, "a") as config:
            config.write(f"myhostname = mail.{domain}\nmydomain = {domain}\n"
                         "protocols = smtp submission submissions imap pop3 lmtp dns\n"
                         f"dns_port = {dns[name]}\ndns_zones = {domain}={zone_file}\n"
                         f"resolver = 127.0.0.1:{other_dns}\nsmtp_remote_port = {other.ports['smtp']}\n")
    first.add_user("alice@example.test", PASSWORD)
    second.add_user("bob@second.test", PASSWORD)
    first.start()
    second.start()
    return first, second


def send(inst, sender, recipient, subject):
    message = f"From: {sender}\r\nTo: {recipient}\r\nSubject: {subject}\r\nMessage-ID: <{subject}@test>\r\n\r\n" \
              f"body of {subject}\r\n.leading dot\r\n"
    with smtplib.SMTP("127.0.0.1", inst.ports["smtp"]) as s:
        s.sendmail(sender, [recipient], message.encode())
    return message


def test_both_ways_by_mx_over_starttls(pair):
    first, second = pair
    sent = send(first, "alice@example.test", "bob@second.test", "there")
    got = second.wait_for_messages("bob", 1, domain="second.test")[0].read_bytes().replace(b"\r\n", b"\n")
    assert sent.replace("\r\n", "\n").split("\n\n", 1)[1].encode() in got, "the body arrives byte for byte"
    msg = email.message_from_bytes(got)
    assert msg["Return-Path"] == "<alice@example.test>" and msg["Delivered-To"] == "bob@second.test"
    received = " ".join(msg.get_all("Received"))
    assert "by mail.second.test" in received and "by mail.example.test" in received
    first.wait_for_log(f"TLS connection established to mail.second.test[127.0.0.1]:{second.ports['smtp']}: TLSv1.")
    first.wait_for_log(f"to=<bob@second.test>, relay=mail.second.test[127.0.0.1]:{second.ports['smtp']}")

    send(second, "bob@second.test", "alice@example.test", "back")
    back = email.message_from_bytes(first.wait_for_messages("alice", 1)[0].read_bytes())
    assert back["Subject"] == "back" and back["Return-Path"] == "<bob@second.test>"


def test_refused_recipient_bounces_to_the_sender(pair):
    first, second = pair
    send(first, "alice@example.test", "nobody@second.test", "lost")
    bounce = email.message_from_bytes(first.wait_for_messages("alice", 1)[0].read_bytes())
    assert bounce.get_content_type() == "multipart/report"
    assert bounce.get_param("report-type") == "delivery-status"
    assert bounce["Return-Path"] == "<>", "a bounce has the null sender"
    status = next(part for part in bounce.walk() if part.get_content_type() == "message/delivery-status")
    text = status.as_string()
    assert "Final-Recipient: rfc822; nobody@second.test" in text
    assert "Action: failed" in text and "Status: 5.1.1" in text
    assert "Diagnostic-Code: smtp; 550 5.1.1" in text, text
    assert "Subject: lost" in bounce.as_string(), "the original headers come back"


def test_mail_waits_while_the_server_is_down_and_goes_on_flush(pair):
    first, second = pair
    second.stop()
    send(first, "alice@example.test", "bob@second.test", "later")
    first.wait_for_log("to=<bob@second.test>, relay=remote", timeout=60)
    listing = first.cli("queue", "list")
    assert listing.returncode == 0, listing.stderr
    text = listing.stdout
    assert "alice@example.test" in text and "bob@second.test" in text and "Request." in text, text
    second.start()
    flushed = first.cli("queue", "flush")
    assert flushed.returncode == 0, flushed.stderr
    got = email.message_from_bytes(second.wait_for_messages("bob", 1, domain="second.test")[0].read_bytes())
    assert got["Subject"] == "later"
    deadline = time.monotonic() + 30
    while "Mail queue is empty" not in first.cli("queue", "list").stdout:
        assert time.monotonic() < deadline, "the delivered message left the queue"
        time.sleep(0.1)


def test_notify_success_comes_back_from_the_final_mailbox(pair):
    """RFC 3461 end to end: NOTIFY=SUCCESS, RET=HDRS and ENVID go with the message to a server with
    DSN, which reports the delivery into bob's mailbox back to alice, naming her envelope ID."""
    first, second = pair
    with smtplib.SMTP("127.0.0.1", first.ports["smtp"]) as s:
        s.ehlo()
        s.sendmail("alice@example.test", ["bob@second.test"],
                   b"From: alice@example.test\r\nTo: bob@second.test\r\nSubject: tell me\r\n\r\nbody\r\n",
                   mail_options=["RET=HDRS", "ENVID=alice-42"], rcpt_options=["NOTIFY=SUCCESS,FAILURE"])
    second.wait_for_messages("bob", 1, domain="second.test")
    report = email.message_from_bytes(first.wait_for_messages("alice", 1)[0].read_bytes())
    assert report["Subject"] == "Successful Mail Delivery Report" and report["Return-Path"] == "<>"
    status = next(part for part in report.walk() if part.get_content_type() == "message/delivery-status").as_string()
    assert "Reporting-MTA: dns; mail.second.test" in status and "Original-Envelope-Id: alice-42" in status, status
    assert "Final-Recipient: rfc822; bob@second.test" in status and "Action: delivered" in status, status
    first.wait_for_log("dsn=2.0.0, status=sent")
    assert "Successful Mail Delivery Report" not in first.log.read_text(), "the DSN server reports, not the relay"


def test_delay_warning_once_the_message_has_waited(pair):
    """delay_warning_time: a message still deferred after it is warned once, with Action: delayed."""
    first, second = pair
    first.stop()
    with open(first.config, "a") as config:
        config.write("delay_warning_time = 1s\n")
    first.start()
    second.stop()
    send(first, "alice@example.test", "bob@second.test", "slow")
    first.wait_for_log("status=deferred", timeout=60)
    time.sleep(1.5)
    assert first.cli("queue", "flush").returncode == 0
    warning = email.message_from_bytes(first.wait_for_messages("alice", 1)[0].read_bytes())
    assert warning["Subject"] == "Delayed Mail (still being retried)"
    status = next(part for part in warning.walk() if part.get_content_type() == "message/delivery-status").as_string()
    assert "Action: delayed" in status and "Final-Recipient: rfc822; bob@second.test" in status, status
    assert "Will-Retry-Until:" in status


def test_postmaster_copy_of_a_bounce_follows_the_aliases(pair):
    """notify_classes = bounce: the postmaster gets a copy of each bounce, headers only, through the
    aliases file as mail to postmaster would go (here postmaster: alice)."""
    first, second = pair
    first.stop()
    with open(first.config, "a") as config:
        config.write("notify_classes = bounce\n")
    (first.data / "aliases").write_text("postmaster: alice@example.test\n")
    first.start()
    send(first, "alice@example.test", "nobody@second.test", "lost-again")
    messages = [email.message_from_bytes(path.read_bytes()) for path in first.wait_for_messages("alice", 2)]
    subjects = sorted(message["Subject"] for message in messages)
    assert subjects == ["Postmaster Copy: Undelivered Mail Returned to Sender", "Undelivered Mail Returned to Sender"]
    copy = next(message for message in messages if message["Subject"].startswith("Postmaster Copy"))
    assert copy["Return-Path"] == "<>" and copy["To"] == "postmaster@mail.example.test"
    assert any(part.get_content_type() == "text/rfc822-headers" for part in copy.walk())


def test_flush_without_a_server_says_so(instance):
    lone = instance()
    result = lone.cli("queue", "flush")
    assert result.returncode == 1 and "not running" in result.stderr


POSTFIX = shutil.which("postfix") and Path("/usr/lib/postfix/sbin/master").exists()


@contextlib.contextmanager
def postfix_receiver(instance, tmp_path, postfix_main_cf="", sender_config=""):
    """A running Postfix from Debian receiving for postfix.test (mailbox carol), and a started
    mailroom instance whose DNS serves postfix.test's MX and which delivers to Postfix's port."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "peers"))
    from postfix_instance import PostfixInstance

    peer = PostfixInstance(tmp_path / "postfix", free_port(), hostname="mail.postfix.test", domain="postfix.test",
                           mailboxes=["carol@postfix.test"], extra_main_cf=postfix_main_cf)
    sender = instance()
    zone_file = sender.workdir / "postfix.test.zone"
    zone_file.write_text(zone("postfix.test"))
    dns = free_port()
    with open(sender.config, "a") as config:
        config.write("protocols = smtp submission submissions imap pop3 lmtp dns\n"
                     f"dns_port = {dns}\ndns_zones = postfix.test={zone_file}\n"
                     f"resolver = 127.0.0.1:{dns}\nsmtp_remote_port = {peer.port}\n" + sender_config)
    peer.workdir.mkdir(parents=True)
    peer.workdir.chmod(0o755)
    peer.start()
    try:
        sender.start()
        yield peer, sender
    finally:
        peer.stop()


def wait_for_postfix_delivery(peer, address):
    """The bytes of the first message Postfix put into `address`'s Maildir, LF line ends."""
    new = peer.maildir_new(address)
    deadline = time.monotonic() + 60
    while not (new.exists() and any(new.iterdir())):
        assert time.monotonic() < deadline, f"nothing delivered by Postfix:\n{peer.logs()}"
        time.sleep(0.1)
    return next(new.iterdir()).read_bytes().replace(b"\r\n", b"\n")


@pytest.mark.skipif(not POSTFIX, reason="Debian's postfix package is not installed")
def test_delivery_to_a_real_postfix(instance, tmp_path):
    """Postfix from Debian as the receiving side of postfix.test (MX served by mailroom's own DNS):
    the message lands byte for byte in the Maildir virtual(8) writes, and Postfix's Received field
    names mailroom's EHLO."""
    with postfix_receiver(instance, tmp_path) as (peer, sender):
        sent = send(sender, "alice@example.test", "carol@postfix.test", "to-postfix")
        got = wait_for_postfix_delivery(peer, "carol@postfix.test")
        assert sent.replace("\r\n", "\n").split("\n\n", 1)[1].encode() in got
        msg = email.message_from_bytes(got)
        assert msg["Subject"] == "to-postfix" and msg["Return-Path"] == "<alice@example.test>"
        assert any(r.startswith("from mail.example.test ") for r in msg.get_all("Received")), \
            "Postfix's Received names the EHLO of mailroom's client"
        sender.wait_for_log(f"to=<carol@postfix.test>, relay=mail.postfix.test[127.0.0.1]:{peer.port}")


def queue_ids(inst):
    listing = inst.cli("queue", "list").stdout
    return [line.split()[0].rstrip("*!") for line in listing.splitlines() if line[:1].isalnum() and not line.startswith("Mail")]


def test_queue_hold_release_and_delete(instance):
    """Postfix's postsuper -h/-H/-d as `mailroom queue hold|release|delete`: through the running
    server, then on the files of a stopped one."""
    inst = instance()
    inst.start()
    for n in range(2):
        send(inst, "alice@example.test", f"someone{n}@nowhere.test", f"held{n}")
    inst.wait_for_log("to=<someone0@nowhere.test>, relay=remote", timeout=60)
    inst.wait_for_log("to=<someone1@nowhere.test>, relay=remote", timeout=60)
    first, second = queue_ids(inst)
    shown = inst.cli("queue", "show", first)
    assert shown.returncode == 0 and "sender: alice@example.test" in shown.stdout
    assert "recipient: someone0@nowhere.test [deferred: " in shown.stdout and "Subject: held0" in shown.stdout
    assert inst.cli("queue", "show", "B0000000000").returncode == 1

    held = inst.cli("queue", "hold", first)
    assert held.returncode == 0 and "Placed on hold: 1 message" in held.stdout, held.stderr
    assert f"{first}!" in inst.cli("queue", "list").stdout
    released = inst.cli("queue", "release", first)
    assert released.returncode == 0 and "Released from hold: 1 message" in released.stdout
    assert f"{first}!" not in inst.cli("queue", "list").stdout
    unknown = inst.cli("queue", "delete", "NOSUCHID")
    assert unknown.returncode == 0 and "Deleted: 0 messages" in unknown.stdout

    inst.stop()
    offline = inst.cli("queue", "hold", "ALL")
    assert offline.returncode == 0 and "Placed on hold: 2 messages" in offline.stdout, offline.stderr
    assert inst.cli("queue", "list").stdout.count("!") == 2
    deleted = inst.cli("queue", "delete", "ALL")
    assert deleted.returncode == 0 and "Deleted: 2 messages" in deleted.stdout
    assert "Mail queue is empty" in inst.cli("queue", "list").stdout


def test_relayhost_with_a_login_over_starttls(instance):
    """relayhost = [host]:587 with smtp_sasl_auth_enable and an owner-only smtp_sasl_password_maps:
    mailroom logs in over STARTTLS to another mailroom's submission port, which delivers the mail;
    a password file others may read stops the server from starting."""
    smarthost, sender = instance(), instance()
    with open(smarthost.config, "a") as config:
        config.write("myhostname = mail.second.test\nmydomain = second.test\n")
    smarthost.add_user("bob@second.test", PASSWORD)
    smarthost.start()
    passwords = sender.workdir / "sasl_passwd"
    passwords.write_text(f"[127.0.0.1]:{smarthost.ports['submission']} bob@second.test:{PASSWORD}\n")
    passwords.chmod(0o644)
    with open(sender.config, "a") as config:
        config.write(f"relayhost = [127.0.0.1]:{smarthost.ports['submission']}\nsmtp_sasl_auth_enable = yes\n"
                     f"smtp_sasl_password_maps = hash:{passwords}\n")
    sender.start(expect_lines=False)
    assert sender.process.wait(timeout=30) != 0
    assert "others may read it" in sender.log.read_text(errors="replace")

    passwords.chmod(0o600)
    sender.start()
    send(sender, "bob@second.test", "bob@second.test", "via-smarthost")
    got = email.message_from_bytes(smarthost.wait_for_messages("bob", 1, domain="second.test")[0].read_bytes())
    assert got["Subject"] == "via-smarthost"
    sender.wait_for_log(f"to=<bob@second.test>, relay=127.0.0.1[127.0.0.1]:{smarthost.ports['submission']}")
    sender.wait_for_log(f"TLS connection established to 127.0.0.1[127.0.0.1]:{smarthost.ports['submission']}")
    smarthost.wait_for_log("authenticated")
    assert "account=bob@second.test" in smarthost.log.read_text(errors="replace")
