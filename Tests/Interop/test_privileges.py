"""Privilege separation (issue 9, item 2): `mailroom serve` started as root runs as `mail_owner`
once its listeners are bound, as Postfix's daemons run as `postfix`; only its privileged agent, a
process of its own, keeps root, and does only mailbox system calls as their owners and shadow(5)
checks. Read from /proc, which shows each thread's credentials: needs root, which CI has."""

import os
import poplib
import pwd
import smtplib
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from conftest import BINARY, UNIX_PASSWORD, run

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts mailroom as root and reads its credentials")


def credentials(pid, task=None):
    """(real, effective uid), effective capabilities, of a process or one of its threads."""
    status = Path(f"/proc/{pid}/task/{task or pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    uids = fields["Uid"].split()
    return int(uids[0]), int(uids[1]), int(fields["CapEff"].strip(), 16)


def agent_of(pid):
    # Each thread lists the children it started.
    children = [c for task in os.listdir(f"/proc/{pid}/task")
                for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    agents = [c for c in children if b"privileged-agent" in Path(f"/proc/{c}/cmdline").read_bytes()]
    assert len(agents) == 1, f"children of the server: {children}"
    return int(agents[0])


def test_every_thread_of_the_server_runs_as_mail_owner_and_only_the_agent_is_root(instance, base, unix_user):
    user = unix_user()
    inst = instance(f"user_database = system\nmail_location = mbox:~/mail:INBOX={base}/var/mail/%u\n")
    inst.start()
    owner = pwd.getpwnam("mailroom").pw_uid
    assert owner != 0
    pid = inst.process.pid
    for task in os.listdir(f"/proc/{pid}/task"):
        real, effective, capabilities = credentials(pid, task)
        assert (real, effective, capabilities) == (owner, owner, 0), f"thread {task} keeps privileges"
    agent = agent_of(pid)
    assert credentials(agent)[:2] == (0, 0)
    # The server cannot read shadow(5) itself, yet a system account logs in: the agent checks.
    assert b"privileged-agent" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=30) as s:
        s.sendmail("friend@outside.test", [f"{user.pw_name}@example.test"],
                   f"Subject: privsep\r\nMessage-ID: <{uuid.uuid4().hex}@outside.test>\r\n\r\nhello\r\n".encode())
    mbox = base / "var" / "mail" / user.pw_name
    deadline = time.monotonic() + 30
    while not (mbox.exists() and mbox.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    client = poplib.POP3("127.0.0.1", inst.ports["pop3"], timeout=30)
    client.user(user.pw_name)
    client.pass_(UNIX_PASSWORD)
    assert client.stat()[0] == 1
    client.quit()
    assert mbox.stat().st_uid == user.pw_uid
    # The data directory is mail_owner's, so the server keeps its queue.
    assert os.stat(inst.data / "queue").st_uid == owner
    assert inst.stop() == 0
    # The agent ends with the server (gone, or a zombie left for init to reap).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and agent_state(agent) not in (None, "Z"):
        time.sleep(0.05)
    assert agent_state(agent) in (None, "Z")


def agent_state(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def test_user_add_as_root_leaves_the_users_file_readable_by_the_running_server(instance):
    inst = instance()
    inst.add_user("first@example.test", "pw-one")
    inst.start()
    inst.add_user("second@example.test", "pw-two")
    owner = pwd.getpwnam("mailroom").pw_uid
    assert os.stat(inst.data / "users").st_uid == owner
    client = poplib.POP3("127.0.0.1", inst.ports["pop3"], timeout=30)
    client.user("second@example.test")
    assert client.pass_("pw-two").startswith(b"+OK")
    client.quit()
    assert inst.stop() == 0


def test_sendmail_as_root_queues_files_the_running_server_can_deliver(instance):
    inst = instance()
    inst.add_user("root@example.test", "pw")
    inst.start()
    r = run("sendmail", "--config", inst.config, "root@example.test",
            input=f"Subject: from root\nMessage-ID: <{uuid.uuid4().hex}@x>\n\nhi\n")
    assert r.returncode == 0, r.stderr
    assert len(inst.wait_for_messages("root", 1)) == 1
    assert inst.stop() == 0


def test_a_data_directory_mail_owner_cannot_reach_is_one_line_and_exit_1(tmp_path):
    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)
    config = tmp_path / "mailroom.cf"
    config.write_text(f"data_directory = {hidden}/data\ninet_interfaces = 127.0.0.1\nprotocols = smtp\nsmtp_port = 0\n")
    r = subprocess.run([str(BINARY), "serve", "--config", str(config)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "mail_owner mailroom cannot reach data_directory" in r.stderr


def test_virtual_mail_of_another_account_is_delivered_through_the_agent_and_stays_that_accounts(instance, unix_user):
    vmail = unix_user()
    inst = instance(f"virtual_uid = {vmail.pw_uid}\nvirtual_gid = {vmail.pw_gid}\n")
    inst.add_user("root@example.test", "pw")
    # As a Dovecot admin prepares /var/vmail: the mail root belongs to the mail account.
    (inst.data / "mail").mkdir(parents=True)
    os.chown(inst.data / "mail", vmail.pw_uid, vmail.pw_gid)
    for _ in range(2):  # a restart gives root's files to mail_owner, and leaves vmail's alone
        inst.start()
        with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=30) as s:
            s.sendmail("friend@outside.test", ["root@example.test"], b"Subject: vmail\r\n\r\nhello\r\n")
        inst.wait_for_messages("root", 1)
        assert inst.stop() == 0
    files = list((inst.maildir("root") / "new").iterdir())
    assert len(files) == 2
    assert {f.stat().st_uid for f in files} == {vmail.pw_uid}
    assert (inst.data / "mail").stat().st_uid == vmail.pw_uid
