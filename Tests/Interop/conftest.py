"""Interop tests: the built `mailroom` binary driven by real clients (Python's ssl, smtplib,
imaplib, poplib; openssl). Run from the repository root: `python3 -m pytest Tests/Interop`."""

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("MAILROOM_BIN", ROOT / ".build" / "debug" / "mailroom"))
LISTENERS = ("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "lmtp")


def _ephemeral_range() -> range:
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


_EPHEMERAL = _ephemeral_range()
_handed_out: set = set()
_next_port = 10_000 + (os.getpid() * 7919) % 20_000


def _free_on_tcp_and_udp(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port() -> int:
    """A loopback port free for TCP and UDP that no one else of this test run was given and that
    the kernel never hands out as a client's source port (it is outside `ip_local_port_range`):
    a port the kernel picked for `bind(0)` could be taken by any outgoing connection, or handed
    out again, between this check and the server binding it."""
    global _next_port
    for _ in range(60_000):
        port = _next_port
        _next_port = 1_024 + (_next_port - 1_024 + 1) % (65_536 - 1_024)
        if port in _EPHEMERAL or port in _handed_out:
            continue
        if _free_on_tcp_and_udp(port):
            _handed_out.add(port)
            return port
    raise RuntimeError("no free loopback port outside the ephemeral range")


def run(*args, input=None, env=None, cwd=None, timeout=60):
    """Runs the binary; returns CompletedProcess with text output."""
    return subprocess.run([str(BINARY), *map(str, args)], input=input, capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout)


def read_message(path) -> bytes:
    """A delivered Maildir message as POP3 and IMAP serve it: the file holds LF line ends, as Postfix
    and Dovecot write Maildir files, and every LF is read as CRLF."""
    return Path(path).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def clean_env() -> dict:
    env = dict(os.environ)
    env.pop("MAILROOM_CONFIG", None)
    return env


class Instance:
    """One `mailroom serve` on free loopback ports with its own data directory."""

    def __init__(self, workdir: Path, extra: str = ""):
        self.workdir = workdir
        workdir.mkdir()
        self.data = workdir / "data"
        self.ports = {name: free_port() for name in LISTENERS}
        self.config = workdir / "mailroom.cf"
        lines = [
            "myhostname = mail.example.test",
            "mydomain = example.test",
            "mydestination = $myhostname, localhost.$mydomain, localhost, $mydomain",
            "inet_interfaces = 127.0.0.1",
            "protocols = smtp submission submissions imap pop3 lmtp",
            f"data_directory = {self.data}",
            # Outbound delivery looks up MX hosts: a resolver port on loopback where nothing listens
            # keeps every look-up on this machine (mail for other domains waits in the queue).
            f"resolver = 127.0.0.1:{free_port()}",
            *(f"{name}_port = {port}" for name, port in self.ports.items()),
        ]
        self.config.write_text("\n".join(lines) + "\n" + extra)
        self.log = workdir / "serve.log"
        self.process = None

    def add_user(self, address, password):
        r = self.cli("user", "add", address, "--password-stdin", input=password + "\n")
        assert r.returncode == 0, r.stderr

    def maildir(self, user, domain="example.test"):
        """The user's Maildir INBOX (virtual users live in $data_directory/mail/%d/%n)."""
        return self.data / "mail" / domain / user / "Maildir"

    def wait_for_messages(self, user, count, timeout=30, domain="example.test"):
        """The files in the user's Maildir new/ once there are at least `count` of them."""
        new = self.maildir(user, domain) / "new"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = sorted(new.iterdir()) if new.exists() else []
            if len(files) >= count:
                return files
            time.sleep(0.05)
        raise AssertionError(f"{count} messages expected in {new}; serve log:\n{self.log.read_text(errors='replace')[-3000:]}")

    def cli(self, *args, input=None):
        return run(*args, "--config", self.config, input=input, env=clean_env())

    def start(self, expect_lines=True):
        self.process = subprocess.Popen([str(BINARY), "serve", "--config", str(self.config)],
                                        stdout=open(self.log, "wb"), stderr=subprocess.STDOUT,
                                        env=clean_env(), cwd=self.workdir)
        if expect_lines:
            self.wait_for_log(f"lmtp listening on 127.0.0.1:{self.ports['lmtp']}")
        return self

    def wait_for_log(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not in serve's output:\n{self.log.read_text(errors='replace')}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=30)
        return self.process.returncode if self.process else None


@pytest.fixture
def tmp_path():
    """A directory mail_owner can walk into, instead of pytest's (under a 0700 /tmp/pytest-of-root): run
    as root, `mailroom serve` drops to mail_owner once its listeners are bound, as Postfix's daemons
    do, and must still reach its data directory."""
    path = Path(tempfile.mkdtemp(prefix="mailroom-interop-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def instance(tmp_path):
    made = []

    def make(extra: str = "") -> Instance:
        inst = Instance(tmp_path / f"i{len(made)}", extra)
        made.append(inst)
        return inst

    yield make
    for inst in made:
        if inst.process and inst.process.poll() is None:
            inst.process.kill()
            inst.process.wait()


@pytest.fixture(scope="session", autouse=True)
def binary_exists():
    if not BINARY.exists() and os.environ.get("IMAP_PEER") != "dovecot":
        pytest.exit(f"mailroom binary not found at {BINARY}: run `swift build` first", returncode=1)


UNIX_PASSWORD = "correct horse battery"


@pytest.fixture
def base():
    """A directory every user may enter: homes and the mail spool live here (pytest's own temporary
    directory is root's alone). The spool is `root:mail 2775`, as Debian makes /var/mail."""
    path = Path(tempfile.mkdtemp(prefix="mailroom-perm-"))
    path.chmod(0o755)
    (path / "home").mkdir(mode=0o755)
    spool = path / "var" / "mail"
    spool.mkdir(parents=True)
    os.chown(spool, 0, grp.getgrnam("mail").gr_gid)
    spool.chmod(0o2775)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def unix_user(base):
    """Makes accounts with a password; `system=True` makes one with `useradd -r` (a uid below 1000).
    They are removed afterwards."""
    made = []

    def make(system=False):
        name = "mr" + uuid.uuid4().hex[:8]
        home = base / "home" / name
        args = ["useradd", "-r", "-M"] if system else ["useradd", "-m"]
        subprocess.run([*args, "-d", str(home), "-s", "/bin/sh", name], check=True, capture_output=True)
        made.append(name)
        home.mkdir(mode=0o755, exist_ok=True)
        entry = pwd.getpwnam(name)
        os.chown(home, entry.pw_uid, entry.pw_gid)
        subprocess.run(["chpasswd"], input=f"{name}:{UNIX_PASSWORD}\n", text=True, check=True)
        return entry

    yield make
    for name in made:
        subprocess.run(["userdel", name], capture_output=True)


@pytest.fixture
def imap_peer(tmp_path):
    """Makes the IMAP server the IMAP tests drive (imap_peer.py): mailroom, or Dovecot with
    `IMAP_PEER=dovecot`; each is killed afterwards if a test left it running."""
    from imap_peer import make_peer
    made = []

    def make(**options):
        peer = make_peer(tmp_path / f"p{len(made)}", **options)
        made.append(peer)
        return peer

    yield make
    for peer in made:
        if peer.process and peer.process.poll() is None:
            peer.kill()
