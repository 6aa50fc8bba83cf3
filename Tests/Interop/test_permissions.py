"""Mail on disk belongs to its user, and a user's links cannot reach another user's mail (issue 9,
item 2). Each test makes real Unix accounts (useradd, chpasswd), runs `mailroom serve` with
`user_database = system` as root, delivers over SMTP and reads the mail as the user with s-nail and
POP3. Creating accounts and reading file owners needs root, which CI has; elsewhere these skip."""

import grp
import os
import poplib
import pwd
import shutil
import smtplib
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="creates Unix accounts and checks file owners: needs root")

from conftest import UNIX_PASSWORD as PASSWORD


def serve(instance, location):
    inst = instance(f"user_database = system\nmail_location = {location}\n")
    inst.start()
    return inst


def send(inst, user, subject):
    with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=30) as s:
        s.sendmail("friend@outside.test", [f"{user.pw_name}@example.test"],
                   f"Subject: {subject}\r\nMessage-ID: <{uuid.uuid4().hex}@outside.test>\r\n\r\nhello\r\n".encode())


def wait_for(condition, inst, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what}; serve log:\n{inst.log.read_text(errors='replace')[-3000:]}")


def owner(path):
    info = os.lstat(path)
    return info.st_uid, info.st_gid, info.st_mode & 0o7777


def s_nail_headers(user, folder):
    """The header summary s-nail prints for `folder`, run as `user` with no resource files."""
    result = subprocess.run(["runuser", "-u", user.pw_name, "--", "s-nail", "-:/", "-N", "-H", "-f", str(folder)],
                            capture_output=True, text=True, timeout=30, env={"HOME": user.pw_dir, "PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    return result.stdout


def pop3_stat(inst, user):
    client = poplib.POP3("127.0.0.1", inst.ports["pop3"], timeout=30)
    try:
        client.user(user.pw_name)
        client.pass_(PASSWORD)
        return client.stat()
    finally:
        client.quit()


def tree(root):
    """Every file under `root` with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in Path(root).rglob("*") if p.is_file() and not p.is_symlink()}


def test_mbox_in_the_spool_is_the_users_and_s_nail_reads_it(instance, base, unix_user):
    alice = unix_user()
    inst = serve(instance, f"mbox:~/mail:INBOX={base}/var/mail/%u")
    send(inst, alice, "for alice")
    mbox = base / "var" / "mail" / alice.pw_name
    wait_for(lambda: mbox.exists() and mbox.stat().st_size > 0, inst, f"{mbox} not delivered")
    assert owner(mbox) == (alice.pw_uid, grp.getgrnam("mail").gr_gid, 0o600)
    assert "for alice" in s_nail_headers(alice, mbox)
    assert pop3_stat(inst, alice)[0] == 1
    # The maildrop lock beside the mbox, and the special-use folders the first login made (mbox files
    # under ~/mail), are the user's; the index is the server's, in data_directory, not beside the mail.
    for made in (f"{mbox}.mailroom-maildrop.lock", Path(alice.pw_dir) / "mail" / "Sent"):
        assert owner(made)[0] == alice.pw_uid, made
    assert not Path(f"{mbox}.mailroom-index").exists()
    assert inst.stop() == 0


def test_maildir_and_its_files_are_the_users(instance, base, unix_user):
    alice = unix_user()
    inst = serve(instance, "maildir:~/Maildir")
    send(inst, alice, "maildir for alice")
    maildir = Path(alice.pw_dir) / "Maildir"
    wait_for(lambda: (maildir / "new").exists() and any((maildir / "new").iterdir()), inst, "no message in new/")
    assert pop3_stat(inst, alice)[0] == 1
    # The special-use folders the first login made are the user's too; the index is the server's, in
    # data_directory, not in the Maildir.
    owned = [maildir, maildir / "cur", maildir / "new", maildir / "tmp", *(maildir / "new").iterdir(),
             maildir / "mailroom.maildrop.lock", maildir / ".Sent", maildir / ".Sent" / "cur"]
    assert not (maildir / "mailroom.index").exists()
    for path in owned:
        assert owner(path)[:2] == (alice.pw_uid, alice.pw_gid), path
    assert "maildir for alice" in s_nail_headers(alice, maildir)
    assert inst.stop() == 0


def still_queued(inst):
    """Whether a message waits in the queue for another attempt (active/ plus its defer/ record)."""
    return any((inst.data / "queue" / "active").iterdir()) and any((inst.data / "queue" / "defer").iterdir())


def refused(inst, user, victim_root, before):
    """The message for `user` stays queued with the reason logged; POP3 refuses the maildrop; the victim's
    files are as they were."""
    wait_for(lambda: "status=deferred" in inst.log.read_text(errors="replace"), inst, "delivery not deferred")
    log = inst.log.read_text(errors="replace")
    assert "symbolic link" in log, log[-3000:]
    assert still_queued(inst)
    with pytest.raises(poplib.error_proto):
        pop3_stat(inst, user)
    assert tree(victim_root) == before


def test_maildir_link_to_another_users_maildir_is_refused(instance, base, unix_user):
    alice, bob = unix_user(), unix_user()
    inst = serve(instance, "maildir:~/Maildir")
    send(inst, bob, "bob's own")
    bob_maildir = Path(bob.pw_dir) / "Maildir"
    wait_for(lambda: (bob_maildir / "new").exists() and any((bob_maildir / "new").iterdir()), inst, "bob's mail")
    before = tree(bob_maildir)
    link = Path(alice.pw_dir) / "Maildir"
    link.symlink_to(bob_maildir)
    os.lchown(link, alice.pw_uid, alice.pw_gid)
    send(inst, alice, "for alice")
    refused(inst, alice, bob_maildir, before)
    assert inst.stop() == 0


def test_spool_link_to_another_users_mbox_is_refused(instance, base, unix_user):
    alice, bob = unix_user(), unix_user()
    inst = serve(instance, f"mbox:~/mail:INBOX={base}/var/mail/%u")
    send(inst, bob, "bob's own")
    spool = base / "var" / "mail"
    bob_mbox = spool / bob.pw_name
    wait_for(lambda: bob_mbox.exists() and bob_mbox.stat().st_size > 0, inst, "bob's mail")
    before = {bob.pw_name: bob_mbox.read_bytes()}
    link = spool / alice.pw_name
    link.symlink_to(bob_mbox)
    os.lchown(link, alice.pw_uid, alice.pw_gid)
    send(inst, alice, "for alice")
    wait_for(lambda: "status=deferred" in inst.log.read_text(errors="replace"), inst, "delivery not deferred")
    assert "Too many levels of symbolic links" in inst.log.read_text(errors="replace")
    assert still_queued(inst)
    with pytest.raises(poplib.error_proto):
        pop3_stat(inst, alice)
    assert {bob.pw_name: bob_mbox.read_bytes()} == before
    assert inst.stop() == 0


def test_a_system_account_cannot_log_in_but_an_ordinary_user_can(instance, base, unix_user):
    service, alice = unix_user(system=True), unix_user()
    assert service.pw_uid < 1000 <= alice.pw_uid
    inst = serve(instance, "maildir:~/Maildir")
    with pytest.raises(poplib.error_proto) as failure:
        pop3_stat(inst, service)
    assert pop3_stat(inst, alice)[0] == 0
    wrong = poplib.POP3("127.0.0.1", inst.ports["pop3"], timeout=30)
    wrong.user(alice.pw_name)
    with pytest.raises(poplib.error_proto) as wrong_password:
        wrong.pass_("not the password")
    wrong.quit()
    assert str(failure.value) == str(wrong_password.value)
    inst.wait_for_log(f"login refused: uid {service.pw_uid} is below first_valid_uid 1000")
    assert inst.stop() == 0
