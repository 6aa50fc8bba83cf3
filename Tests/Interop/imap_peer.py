"""The IMAP server the IMAP interop tests drive: `mailroom serve` (an `Instance`), or, with
`IMAP_PEER=dovecot`, a private Dovecot 2.3 (`dovecot -F` with its own config, users and Maildirs in a
temporary directory) so that every assertion can be checked against what a real IMAP server does.

Both offer the same small interface: `ports` (imap, imaps), `deliver(raw, user)` (over SMTP to
mailroom; Dovecot has no SMTP, so with its LDA), `maildir(user)`, `start()`, `stop()` (SIGTERM,
returns the exit status) and `kill()` (SIGKILL of every server process)."""

import os
import pwd
import shutil
import signal
import smtplib
import socket
import subprocess
import time
from pathlib import Path

from conftest import Instance, free_port

PEER = os.environ.get("IMAP_PEER", "mailroom")
DOMAIN = "example.test"
PASSWORD = "s3cret-Passw0rd"
MESSAGE_SIZE_LIMIT = 200_000
"""`message_size_limit` of the instance (Dovecot: `quota_max_mail_size`): APPEND over it is refused."""


class MailroomPeer(Instance):
    """`mailroom serve` with a small `message_size_limit`; users are virtual (`user add`)."""

    name = "mailroom"

    def __init__(self, workdir: Path, extra: str = ""):
        super().__init__(workdir, f"message_size_limit = {MESSAGE_SIZE_LIMIT}\n" + extra)

    def add_user(self, address, password=PASSWORD):
        super().add_user(address, password)

    def deliver(self, raw: bytes, user: str, sender="friend@outside.test"):
        with smtplib.SMTP("127.0.0.1", self.ports["smtp"], timeout=30) as s:
            assert s.sendmail(sender, [user], raw) == {}

    def kill(self):
        self.process.kill()
        self.process.wait()


class DovecotPeer:
    """A private Dovecot 2.3: virtual users in a passwd-file with Maildirs laid out as mailroom's
    (`mail/DOMAIN/USER/Maildir`), or system users (`system=True`) with `mail_location` given."""

    name = "dovecot"

    def __init__(self, workdir: Path, mail_location: str = "", system: bool = False):
        self.workdir = workdir
        self.system = system
        workdir.mkdir()
        self.data = workdir / "data"
        (self.data / "mail").mkdir(parents=True)
        self.ports = {name: free_port() for name in ("imap", "imaps")}
        self.passwd = workdir / "passwd"
        self.passwd.write_text("")
        self.log = workdir / "dovecot.log"
        self.process = None
        owner = pwd.getpwnam("nobody")
        self.uid, self.gid = owner.pw_uid, owner.pw_gid
        os.chown(self.data / "mail", self.uid, self.gid)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=mail.example.test", "-keyout", workdir / "key.pem", "-out", workdir / "cert.pem"],
                       check=True, capture_output=True)
        if system:
            auth = ("passdb {\n  driver = shadow\n}\nuserdb {\n  driver = passwd\n}\n"
                    "mail_privileged_group = mail\n")
        else:
            auth = (f"passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {self.passwd}\n}}\n"
                    f"userdb {{\n  driver = passwd-file\n  args = username_format=%u {self.passwd}\n"
                    f"  default_fields = uid={self.uid} gid={self.gid} home={self.data}/mail/%d/%n\n}}\n")
        special = "".join(f"  mailbox {name} {{\n    special_use = \\{name}\n    auto = subscribe\n  }}\n"
                          for name in ("Sent", "Drafts", "Trash", "Junk"))
        self.config = workdir / "dovecot.conf"
        self.config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {workdir}/run
state_dir = {workdir}/state
log_path = {self.log}
ssl = yes
ssl_cert = <{workdir}/cert.pem
ssl_key = <{workdir}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
first_valid_uid = 100
mail_location = {mail_location or 'maildir:~/Maildir'}
mail_plugins = quota
plugin {{
  quota = count
  quota_max_mail_size = {MESSAGE_SIZE_LIMIT}
  quota_vsizes = yes
}}
{auth}
namespace inbox {{
  inbox = yes
  separator = /
{special}}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.ports['imap']}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.ports['imaps']}
    ssl = yes
  }}
}}
""")

    def add_user(self, address, password=PASSWORD):
        with self.passwd.open("a") as f:
            f.write(f"{address}:{password}::::\n")

    def maildir(self, user, domain=DOMAIN):
        return self.data / "mail" / domain / user / "Maildir"

    def deliver(self, raw: bytes, user: str, sender="friend@outside.test"):
        if self.system:
            user = user.split("@")[0]  # a system account: the local part is its login name
        r = subprocess.run(["/usr/lib/dovecot/dovecot-lda", "-c", str(self.config), "-d", user, "-f", sender],
                           input=raw, capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr

    def start(self):
        self.process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", str(self.config)],
                                        stdout=open(self.workdir / "dovecot.out", "ab"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.ports["imap"]), timeout=5) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"dovecot did not start:\n{self.log.read_text(errors='replace') if self.log.exists() else ''}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the master and its imap processes
            status = self.process.wait(timeout=30)
            self._reap()
            return status
        return self.process.returncode if self.process else None

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reap()

    def _reap(self):
        """Dovecot's imap processes outlive their master for a moment; wait until none is left in the group."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.killpg(self.process.pid, signal.SIGKILL)


def make_peer(workdir: Path, mail_location: str = "", system: bool = False):
    """The server under test; `mail_location`/`system` select the mbox layout with system users."""
    if PEER == "dovecot":
        return DovecotPeer(workdir, mail_location, system)
    extra = (f"user_database = system\nmail_location = {mail_location}\n" if system else "")
    return MailroomPeer(workdir, extra)


def have(tool):
    return shutil.which(tool) is not None
