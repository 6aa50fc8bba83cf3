"""`mailroom sendmail` run by an ordinary Unix user, with no set-id binary (issue 9, item 2): the
data directory is root's, so the user's sendmail hands the message to the running server over
`$data_directory/public/sendmail`, and the server takes the sender from the uid the kernel reports
(SO_PEERCRED). Each test makes a real account (useradd), runs sendmail and s-nail as it (runuser)
and removes it; creating accounts needs root, which CI has; elsewhere these skip."""

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from conftest import BINARY, read_message
from test_smtp import PASSWORD, split_trace

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="creates Unix accounts and runs commands as them: needs root")


@pytest.fixture
def base():
    """A directory every user may enter (pytest's temporary directory is root's alone): the data
    directory and the configuration live here, as /var/lib and /etc would hold them."""
    path = Path(tempfile.mkdtemp(prefix="mailroom-sendmail-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def user(base):
    """An ordinary account with its own home, removed afterwards."""
    name = "ms" + uuid.uuid4().hex[:8]
    home = base / name
    subprocess.run(["useradd", "-M", "-d", str(home), "-s", "/bin/sh", name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    home.mkdir(mode=0o700)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    yield entry
    subprocess.run(["userdel", name], capture_output=True)


@pytest.fixture
def server(instance, base, user):
    """`mailroom serve` as root with a root-owned data directory and configuration outside pytest's
    private temporary directory; mail accounts for root and for the Unix user."""
    inst = instance()
    data = base / "data"
    config = base / "mailroom.cf"
    config.write_text(inst.config.read_text().replace(f"data_directory = {inst.data}", f"data_directory = {data}"))
    config.chmod(0o644)
    inst.config, inst.data = config, data
    inst.add_user("root@example.test", PASSWORD)
    inst.add_user(f"{user.pw_name}@example.test", PASSWORD)
    inst.start()
    yield inst
    inst.stop()


def as_user(user, inst, *argv, input=b""):
    env = {"PATH": os.environ["PATH"], "HOME": user.pw_dir, "MAILROOM_CONFIG": str(inst.config)}
    return subprocess.run(["runuser", "-u", user.pw_name, "--", *argv], input=input, capture_output=True,
                          env=env, timeout=60)


def sendmail(user, inst, *args, input=b"Subject: from a user\n\nHello root.\n"):
    return as_user(user, inst, str(BINARY), "sendmail", *args, input=input)


def queued(inst):
    return [p for p in (inst.data / "queue").rglob("*") if p.is_file() and p.name != "pickup"]


def test_the_data_directory_is_private_but_the_socket_is_reachable(server):
    mode = lambda p: stat.S_IMODE(os.lstat(p).st_mode)
    assert mode(server.data) == 0o711
    assert mode(server.data / "public") == 0o755
    assert mode(server.data / "public" / "sendmail") == 0o666
    assert mode(server.data / "queue") == 0o700
    assert mode(server.data / "users") == 0o600


def test_a_user_sends_through_the_server_as_themselves(server, user):
    r = sendmail(user, server, "-oi", "root", input=b"From: root@example.test\nSubject: from a user\n\nHello root.\n")
    assert r.returncode == 0, r.stderr
    [path] = server.wait_for_messages("root", 1, timeout=20)
    trace, message = split_trace(read_message(path))
    assert f"Return-Path: <{user.pw_name}@mail.example.test>".encode() in trace
    assert f"(mailroom, from userid {user.pw_uid});".encode() in b"\n".join(trace)
    assert message.endswith(b"Hello root.\r\n")


def test_a_user_may_not_use_another_sender(server, user):
    r = sendmail(user, server, "-f", "root@example.test", "root")
    assert r.returncode == 77, r.stderr
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sendmail: <root@example.test>: Sender address rejected")
    assert queued(server) == []
    assert not (server.maildir("root") / "new").exists() or list((server.maildir("root") / "new").iterdir()) == []


def test_a_user_may_use_their_own_extension(server, user):
    sender = f"{user.pw_name}+lists@example.test"
    r = sendmail(user, server, "-f", sender, "root")
    assert r.returncode == 0, r.stderr
    [path] = server.wait_for_messages("root", 1, timeout=20)
    assert f"Return-Path: <{sender}>".encode() in read_message(path)


def test_unknown_recipient_through_the_server_is_exit_67(server, user):
    r = sendmail(user, server, "nobody")
    assert r.returncode == 67 and len(r.stderr.decode().splitlines()) == 1 and b"User unknown" in r.stderr


def test_s_nail_run_by_the_user_delivers_to_root(server, user, base):
    if not shutil.which("s-nail"):
        pytest.skip("s-nail is not installed")
    link = base / "sendmail"
    link.symlink_to(BINARY)
    r = as_user(user, server, "s-nail", "-#", "-:/", "-S", f"mta={link}", "-S", "sendwait", "-s", "via mail",
                "root@example.test", input=b"typed into mail by a user\n")
    assert r.returncode == 0, r.stdout + r.stderr
    [path] = server.wait_for_messages("root", 1, timeout=20)
    delivered = read_message(path)
    assert b"typed into mail by a user" in delivered and f"from userid {user.pw_uid}".encode() in delivered


def test_with_the_server_stopped_the_user_is_told_and_nothing_is_queued(server, user):
    assert server.stop() == 0
    r = sendmail(user, server, "root")
    assert r.returncode == 75
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and "cannot reach the mail server" in lines[0] and "not sent" in lines[0]
    assert queued(server) == []
