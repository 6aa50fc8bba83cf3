"""A private Postfix instance (Debian's `postfix` package) for benchmarks and interop tests: its own
config, queue and data directories under a work directory, one smtpd on a loopback port, virtual(8)
delivering the mailboxes it is given into Maildirs under the work directory, nothing chrooted, and
Postfix's defaults otherwise. Nothing in /etc/postfix is touched. Needs root: Postfix drops to
`postfix`, and virtual(8) delivers as the `mail` user.

    peer = PostfixInstance(workdir, port, hostname="mail.example.test", domain="example.test",
                           mailboxes=["root@example.test"])
    peer.start(); ...; peer.stop()
"""

from __future__ import annotations

import os
import pwd
import signal
import socket
import subprocess
import time
from pathlib import Path

MAIL_UID = MAIL_GID = 8          # Debian's `mail` user owns the mail store
START_TIMEOUT = 60.0


class PostfixError(RuntimeError):
    pass


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def pids_with_env(var: str, value: str) -> list[int]:
    """Processes whose environment has VAR=VALUE (how the instance's children are found)."""
    needle = f"{var}={value}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            env = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue
        if needle in env.split(b"\0"):
            found.append(int(entry))
    return found


MASTER_CF = """\
{host}:{port}  inet  n  -  n  -  -  smtpd
pickup     unix  n  -  n  60    1  pickup
cleanup    unix  n  -  n  -     0  cleanup
qmgr       unix  n  -  n  300   1  qmgr
tlsmgr     unix  -  -  n  1000? 1  tlsmgr
rewrite    unix  -  -  n  -     -  trivial-rewrite
bounce     unix  -  -  n  -     0  bounce
defer      unix  -  -  n  -     0  bounce
trace      unix  -  -  n  -     0  bounce
verify     unix  -  -  n  -     1  verify
flush      unix  n  -  n  1000? 0  flush
proxymap   unix  -  -  n  -     -  proxymap
proxywrite unix  -  -  n  -     1  proxymap
smtp       unix  -  -  n  -     -  smtp
relay      unix  -  -  n  -     -  smtp
showq      unix  n  -  n  -     -  showq
error      unix  -  -  n  -     -  error
retry      unix  -  -  n  -     -  error
discard    unix  -  -  n  -     -  discard
local      unix  -  n  n  -     -  local
virtual    unix  -  n  n  -     -  virtual
lmtp       unix  -  -  n  -     -  lmtp
anvil      unix  -  -  n  -     1  anvil
scache     unix  -  -  n  -     1  scache
postlog    unix-dgram n  -  n  -  1  postlogd
"""


class PostfixInstance:
    """One private Postfix. `mailboxes` (addresses of `domain`) get Maildirs under
    WORKDIR/mail/DOMAIN/LOCAL/Maildir; `extra_main_cf` lines go at the end of main.cf."""

    def __init__(self, workdir: Path, port: int, hostname: str, domain: str, mailboxes: list[str],
                 host: str = "127.0.0.1", extra_main_cf: str = ""):
        self.workdir = workdir
        self.port = port
        self.host = host
        self.hostname = hostname
        self.domain = domain
        self.mailboxes = mailboxes
        self.extra_main_cf = extra_main_cf
        self.conf = workdir / "postfix" / "etc"
        self.queue = workdir / "postfix" / "spool"
        self.data = workdir / "postfix" / "lib"
        self.maillog = workdir / "postfix" / "maillog"
        self.mail_root = workdir / "mail"
        self.started = False

    def maildir_new(self, address: str) -> Path:
        local = address.split("@", 1)[0]
        return self.mail_root / self.domain / local / "Maildir" / "new"

    def env(self) -> dict:
        e = dict(os.environ)
        e["MAIL_CONFIG"] = str(self.conf)
        return e

    def postfix(self, *args, check=True) -> subprocess.CompletedProcess:
        r = subprocess.run(["postfix", "-c", str(self.conf), *args], capture_output=True, text=True,
                           env=self.env(), timeout=120)
        if check and r.returncode != 0:
            raise PostfixError(f"`postfix -c {self.conf} {' '.join(args)}` exited {r.returncode}: "
                               f"{(r.stdout + r.stderr).strip()}")
        return r

    def start(self):
        pf = pwd.getpwnam("postfix")
        for d in (self.conf, self.queue, self.data):
            d.mkdir(parents=True, exist_ok=True)
        os.chown(self.data, pf.pw_uid, pf.pw_gid)
        self.maillog.touch(mode=0o600)
        os.chown(self.maillog, pf.pw_uid, pf.pw_gid)
        lines = []
        for d in (self.mail_root, self.mail_root / self.domain):
            d.mkdir(parents=True, exist_ok=True)
            os.chown(d, MAIL_UID, MAIL_GID)
        for address in self.mailboxes:
            local = address.split("@", 1)[0]
            home = self.mail_root / self.domain / local
            home.mkdir(parents=True, exist_ok=True)
            os.chown(home, MAIL_UID, MAIL_GID)
            lines.append(f"{address}  mail/{self.domain}/{local}/Maildir/")
        (self.conf / "vmailbox").write_text("\n".join(lines) + "\n")
        (self.conf / "main.cf").write_text(f"""\
# private Postfix instance (scripts/peers/postfix_instance.py); Postfix defaults otherwise
compatibility_level = 3.6
queue_directory = {self.queue}
data_directory = {self.data}
maillog_file = {self.maillog}
maillog_file_prefixes = {self.workdir}
myhostname = {self.hostname}
mydomain = {self.domain}
mydestination =
inet_interfaces = {self.host}
inet_protocols = ipv4
alias_maps =
alias_database =
virtual_mailbox_domains = {self.domain}
virtual_mailbox_base = {self.workdir}
virtual_mailbox_maps = texthash:{self.conf / 'vmailbox'}
virtual_minimum_uid = {MAIL_UID}
virtual_uid_maps = static:{MAIL_UID}
virtual_gid_maps = static:{MAIL_GID}
""" + self.extra_main_cf)
        (self.conf / "master.cf").write_text(MASTER_CF.format(host=self.host, port=self.port))
        self.postfix("check")
        self.started = True           # from here on, stop() runs `postfix stop`
        self.postfix("start")
        deadline = time.monotonic() + START_TIMEOUT
        while not tcp_open(self.host, self.port):
            if time.monotonic() > deadline:
                raise PostfixError(f"postfix did not open {self.host}:{self.port} within {START_TIMEOUT:.0f}s:\n"
                                   f"{self.logs()}")
            time.sleep(0.05)

    def master_pid(self) -> int | None:
        try:
            return int((self.queue / "pid" / "master.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self):
        if not self.started:
            return
        self.started = False
        master = self.master_pid()
        self.postfix("stop", check=False)
        # `postfix stop` signals master and returns; wait until master and every child is gone
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            left = pids_with_env("MAIL_CONFIG", str(self.conf))
            if master and os.path.exists(f"/proc/{master}") and master not in left:
                left.append(master)
            if not left:
                return
            time.sleep(0.1)
        for pid in pids_with_env("MAIL_CONFIG", str(self.conf)):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def logs(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.maillog.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
