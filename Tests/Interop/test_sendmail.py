"""`mailroom sendmail`, the sendmail(1) interface: as a subcommand, through a link named `sendmail`
(what `mail`/s-nail call), -t/-i/-f, exit statuses, and mail queued while the server is down."""

import email
import os
import shutil
import subprocess

import pytest

from conftest import BINARY, clean_env, read_message
from test_smtp import PASSWORD, split_trace


@pytest.fixture
def server(instance):
    inst = instance()
    inst.add_user("root@example.test", PASSWORD)
    inst.add_user("xiong@example.test", PASSWORD)
    inst.start()
    yield inst
    assert inst.stop() == 0


def sendmail(inst, *args, input=b"", argv0=None):
    env = clean_env()
    env["MAILROOM_CONFIG"] = str(inst.config)
    program = argv0 or str(BINARY)
    argv = [program, *args] if argv0 else [program, "sendmail", *args]
    return subprocess.run(argv, input=input, capture_output=True, env=env, timeout=60)


def test_subcommand_queues_and_the_server_delivers(server):
    r = sendmail(server, "-oi", "-f", "xiong@example.test", "root",
                 input=b"Subject: from sendmail\n\nHello root.\n.\nstill here with -oi\n")
    assert r.returncode == 0, r.stderr
    [path] = server.wait_for_messages("root", 1, timeout=20)
    trace, message = split_trace(read_message(path))
    assert b"Return-Path: <xiong@example.test>" in trace
    parsed = email.message_from_bytes(message)
    assert parsed["Subject"] == "from sendmail" and parsed["From"] and parsed["Date"] and parsed["Message-ID"]
    assert message.endswith(b"Hello root.\r\n.\r\nstill here with -oi\r\n")


def test_link_named_sendmail_with_t_and_bcc(server, tmp_path):
    link = tmp_path / "sendmail"
    link.symlink_to(BINARY)
    r = sendmail(server, "-t", argv0=str(link),
                 input=b"To: root@example.test\nBcc: xiong\nSubject: t\n\nbody\n.\nnot sent\n")
    assert r.returncode == 0, r.stderr
    for user in ("root", "xiong"):
        [path] = server.wait_for_messages(user, 1, timeout=20)
        body = read_message(path)
        assert b"Bcc" not in body and body.endswith(b"\r\n\r\nbody\r\n")


def test_unknown_recipient_is_exit_67_and_one_line(server):
    r = sendmail(server, "nobody", input=b"Subject: x\n\nx\n")
    assert r.returncode == 67
    assert len(r.stderr.decode().splitlines()) == 1 and b"5.1.1" not in r.stderr or b"User unknown" in r.stderr


def test_usage_error_is_exit_64(server):
    r = sendmail(server, "-bs")
    assert r.returncode == 64 and r.stderr.startswith(b"sendmail: ")


def test_mail_queued_while_the_server_is_down_is_delivered_on_start(instance):
    inst = instance()
    inst.add_user("root@example.test", PASSWORD)
    r = sendmail(inst, "root", input=b"Subject: offline\n\nqueued first\n")
    assert r.returncode == 0, r.stderr
    inst.start()
    [path] = inst.wait_for_messages("root", 1, timeout=20)
    assert read_message(path).endswith(b"queued first\r\n")
    assert inst.stop() == 0


def test_s_nail_sends_through_the_sendmail_link(server, tmp_path):
    if not shutil.which("s-nail"):
        pytest.skip("s-nail is not installed")
    link = tmp_path / "sendmail"
    link.symlink_to(BINARY)
    env = clean_env()
    env.update(MAILROOM_CONFIG=str(server.config), HOME=str(tmp_path), MAILRC="/dev/null")
    r = subprocess.run(["s-nail", "-#", "-:/", "-S", f"mta={link}", "-S", "sendwait", "-s", "via mail", "root"],
                       input=b"typed into mail\n", capture_output=True, env=env, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    [path] = server.wait_for_messages("root", 1, timeout=20)
    assert b"typed into mail" in read_message(path)


def test_newaliases_checks_the_alias_files(instance, tmp_path):
    aliases = tmp_path / "aliases"
    aliases.write_text("postmaster: root\nbroken line without colon\n")
    inst = instance(f"alias_maps = hash:{aliases}\n")
    r = subprocess.run([str(BINARY), "newaliases", "--config", str(inst.config)], capture_output=True, timeout=60)
    assert r.returncode != 0 and f"{aliases}:2:".encode() in r.stderr
    aliases.write_text("postmaster: root\n")
    r = subprocess.run([str(BINARY), "newaliases", "--config", str(inst.config)], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_local_submission_socket_caps_connections_per_user(instance):
    """One local user cannot hold every slot of public/sendmail: past
    smtpd_client_connection_count_limit the next connection gets 421 4.3.2 at once and is closed."""
    import socket as sockets
    inst = instance("smtpd_client_connection_count_limit = 1\n")
    inst.add_user("root@example.test", "pw")
    inst.start()
    path = str(inst.data / "public" / "sendmail")
    first = sockets.socket(sockets.AF_UNIX)
    first.connect(path)
    try:
        first.sendall(b"SENDER <root@example.test>\r\n")
        assert first.makefile("rb").readline().startswith(b"250"), "the first connection is served"
        second = sockets.socket(sockets.AF_UNIX)
        second.settimeout(30)
        second.connect(path)
        refused = second.makefile("rb")
        assert refused.readline().startswith(b"421 4.3.2")
        assert refused.readline() == b"", "and closed"
        second.close()
    finally:
        first.close()
    assert inst.stop() == 0
