"""The two IMAP servers the benchmark drives, each a private instance in a temporary directory,
and what /proc says about them (CPU time and proportional memory of all their processes).

Both serve one account, bench@example.test (password `pw`), whose INBOX is a fresh copy of the
pristine corpus Maildir, over plain IMAP and implicit-TLS IMAP on free 127.0.0.1 ports, with
the same self-signed certificate.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"
DOMAIN = "example.test"
HOSTNAME = "mail.example.test"
USER = f"bench@{DOMAIN}"
PASSWORD = "pw"
MAIL_UID = MAIL_GID = 8            # Debian's `mail` user owns Dovecot's mail store
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    pass


class Unavailable(BenchError):
    """The server runs but does not offer IMAP (mailroom before issue 10: `* BYE [UNAVAILABLE]`)."""


# ------------------------------------------------------------------------------ /proc

def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and ')')."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2:].split()


def session_members(sid: int) -> list[int]:
    """Every process whose session is SID: a server started with start_new_session and all it forked."""
    members = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = proc_stat(int(entry.name))
            if fields is not None and int(fields[3]) == sid:     # state ppid pgrp session
                members.append(int(entry.name))
    return members


def cpu_seconds(sid: int) -> float:
    """utime + stime of the session's processes, plus cutime + cstime: the time of the children they
    already reaped (Dovecot's master reaps each imap and imap-login process as it exits)."""
    ticks = 0
    for pid in session_members(sid):
        fields = proc_stat(pid)
        if fields is not None:
            ticks += sum(int(x) for x in fields[11:15])
    return ticks / CLK_TCK


def memory_kib(sid: int) -> dict:
    """Pss and Rss (KiB) summed over the session's processes, from /proc/PID/smaps_rollup, and
    how many processes there were. Pss shares each page among the processes mapping it, so the
    sum counts a page shared by Dovecot's many processes once."""
    pss = rss = count = 0
    by_name: dict[str, dict] = {}
    for pid in session_members(sid):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        count += 1
        mine = by_name.setdefault(name, {"processes": 0, "pss_kib": 0})
        mine["processes"] += 1
        for line in text.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1])
                mine["pss_kib"] += int(line.split()[1])
            elif line.startswith("Rss:"):
                rss += int(line.split()[1])
    return {"pss_kib": pss, "rss_kib": rss, "processes": count, "by_name": by_name}


def raise_fd_limit():
    """500 TLS connections need more than the usual 1,024 descriptors in the servers (Dovecot's
    master holds several per login process) and in the clients; raise the soft limit to the hard
    one, for this process and what it starts."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


# ------------------------------------------------------------------------------ small helpers

def free_ports(n: int) -> list[int]:
    """N distinct ports the kernel hands out on 127.0.0.1 (held open together, so distinct)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def accepts(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def last_lines(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def yescrypt(password: str) -> str:
    """A yescrypt hash at libxcrypt's default cost, as `mailroom user add` makes: both servers
    then pay the same for a login (Dovecot checks {CRYPT} through the same libcrypt)."""
    lib = ctypes.CDLL("libcrypt.so.1")
    lib.crypt_gensalt.restype = ctypes.c_char_p
    lib.crypt.restype = ctypes.c_char_p
    return lib.crypt(password.encode(), lib.crypt_gensalt(b"$y$", 0, None, 0)).decode()


def yescrypt_check_ms(rounds: int = 5) -> float:
    """CPU milliseconds of one check of such a hash (the median of ROUNDS): a floor under every
    LOGIN's cost on either server, which the login workload's CPU per operation includes."""
    lib = ctypes.CDLL("libcrypt.so.1")
    lib.crypt.restype = ctypes.c_char_p
    stored = yescrypt(PASSWORD).encode()
    times = []
    for _ in range(rounds):
        t = time.process_time()
        lib.crypt(PASSWORD.encode(), stored)
        times.append((time.process_time() - t) * 1000)
    return round(sorted(times)[rounds // 2], 2)


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed P-256 certificate for mail.example.test and 127.0.0.1, with its key."""
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "cert.pem", directory / "key.pem"
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "30", "-subj", f"/CN={HOSTNAME}",
                        "-addext", f"subjectAltName=DNS:{HOSTNAME},IP:{HOST}",
                        "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"openssl req failed: {r.stderr.strip()[-500:]}")
    key.chmod(0o644)            # both servers' unprivileged processes may need to read it
    return cert, key


def copy_maildir(pristine: Path, dest: Path, owner: tuple[int, int] | None):
    """A fresh copy of the pristine Maildir (file times kept: they are the messages' INTERNALDATE)."""
    dest.mkdir(parents=True, exist_ok=True)
    for sub in ("cur", "new", "tmp"):
        r = subprocess.run(["cp", "-a", "--reflink=auto", str(pristine / sub), str(dest)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"copying {pristine / sub}: {r.stderr.strip()}")
    if owner:
        subprocess.run(["chown", "-R", f"{owner[0]}:{owner[1]}", str(dest)], check=True)


# ------------------------------------------------------------------------------ the servers

class Server:
    """A server in a session of its own (so /proc finds all it forks), stopped with SIGTERM."""

    name = "abstract"

    def __init__(self, workdir: Path, cert: Path, key: Path):
        self.workdir = workdir
        self.cert, self.key = cert, key
        self.port, self.tls_port = free_ports(2)
        self.proc: subprocess.Popen | None = None
        self.out = workdir / f"{self.name}.out"
        self._out_fh = None

    def prepare(self, pristine: Path):
        raise NotImplementedError

    def command(self) -> tuple[list[str], dict | None]:
        raise NotImplementedError

    def ready(self) -> bool:
        return accepts(self.port) and accepts(self.tls_port)

    def start(self):
        argv, env = self.command()
        self._out_fh = open(self.out, "wb")
        self.proc = subprocess.Popen(argv, stdout=self._out_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=self.workdir, env=env, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ready():
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited {self.proc.returncode} while starting:\n{self.logs()}")
            if time.monotonic() > deadline:
                raise BenchError(f"{self.name} did not open ports {self.port} and {self.tls_port} within "
                                 f"{START_TIMEOUT:.0f} s:\n{self.logs()}")
            time.sleep(0.05)

    def stop(self):
        """SIGTERM, then wait until every process of the session is gone (SIGKILL after STOP_TIMEOUT)."""
        if self.proc is not None:
            sid = self.proc.pid
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + STOP_TIMEOUT
            while time.monotonic() < deadline:
                self.proc.poll()
                if self.proc.returncode is not None and not session_members(sid):
                    break
                time.sleep(0.1)
            else:
                for pid in session_members(sid):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self.proc.wait(timeout=10)
            self.proc = None
        if self._out_fh:
            self._out_fh.close()
            self._out_fh = None

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def memory(self) -> dict:
        return memory_kib(self.proc.pid)

    def logs(self) -> str:
        return last_lines(self.out)


class Mailroom(Server):
    """`mailroom serve` with a configuration file of its own: IMAP and IMAPS only, the account made
    with `mailroom user add`, its Maildir under $data_directory/mail/example.test/bench."""

    name = "mailroom"

    def __init__(self, workdir: Path, cert: Path, key: Path, binary: Path):
        super().__init__(workdir, cert, key)
        self.binary = binary
        self.config = workdir / "mailroom.cf"
        self.data = workdir / "data"

    def env(self) -> dict:
        return dict(os.environ, MAILROOM_CONFIG=str(self.config))

    def prepare(self, pristine: Path):
        self.config.write_text("\n".join([
            "# written by benchmarks/imap/run",
            "protocols = imap",
            f"myhostname = {HOSTNAME}",
            f"mydomain = {DOMAIN}",
            "mydestination = $myhostname, $mydomain",
            "inet_interfaces = 127.0.0.1",
            f"data_directory = {self.data}",
            f"imap_port = {self.port}",
            f"imaps_port = {self.tls_port}",
            f"tls_cert_file = {self.cert}",
            f"tls_key_file = {self.key}",
            "disable_plaintext_auth = no",
            "mail_location = maildir:~/Maildir",
            # What 500 idle TLS connections need, as Dovecot's process_limit below: the listener's
            # default cap is 100 connections.
            "default_process_limit = 1000",
        ]) + "\n")
        r = subprocess.run([str(self.binary), "user", "add", USER, "--password-stdin", "--config", str(self.config)],
                           input=PASSWORD + "\n", capture_output=True, text=True, env=self.env(), timeout=60)
        if r.returncode != 0:
            raise BenchError(f"`mailroom user add {USER}` exited {r.returncode}: {(r.stderr or r.stdout).strip()[-500:]}")
        copy_maildir(pristine, self.data / "mail" / DOMAIN / USER.split("@")[0] / "Maildir", None)

    def command(self):
        return [str(self.binary), "serve", "--config", str(self.config)], self.env()

    def ready(self) -> bool:
        text = last_lines(self.out, 50)
        return "imaps listening on" in text and "imap listening on" in text and super().ready()


class Dovecot(Server):
    """A private Dovecot (`dovecot -F -c CONF`): its own base_dir, state_dir and log, IMAP and IMAPS
    on free loopback ports, a passwd-file passdb and userdb with the one account (home under the
    work directory, mail owned by `mail`), never /etc/dovecot. Dovecot's defaults otherwise, but
    for what 500 TLS connections need: imap-login's process_limit (default 100; in its default
    mode each TLS connection keeps its login process as the TLS proxy) and the client limits
    that go with it."""

    name = "dovecot"

    def __init__(self, workdir: Path, cert: Path, key: Path, connections: int, high_performance: bool = False):
        super().__init__(workdir, cert, key)
        self.connections = connections
        self.high_performance = high_performance
        self.dc = workdir / "dovecot"
        self.conf = self.dc / "dovecot.conf"
        self.users = self.dc / "users"
        self.log = self.dc / "dovecot.log"
        self.home = workdir / "mail" / DOMAIN / USER.split("@")[0]

    def prepare(self, pristine: Path):
        self.dc.mkdir(parents=True)
        for d in (self.workdir / "mail", self.workdir / "mail" / DOMAIN, self.home):
            d.mkdir(parents=True, exist_ok=True)
            os.chown(d, MAIL_UID, MAIL_GID)
        copy_maildir(pristine, self.home / "Maildir", (MAIL_UID, MAIL_GID))
        self.users.write_text(f"{USER}:{{CRYPT}}{yescrypt(PASSWORD)}:{MAIL_UID}:{MAIL_GID}::{self.home}::\n")
        limit = max(1000, self.connections + 100)
        # Dovecot's "high-performance" login mode (its documentation's advice for many users): a
        # few long-lived imap-login processes, each proxying many connections, instead of one each.
        login_mode = (f"\n  service_count = 0\n  process_min_avail = {os.cpu_count()}\n  client_limit = {limit}"
                      if self.high_performance else "")
        self.conf.write_text(f"""\
# private Dovecot instance written by benchmarks/imap/run; Dovecot's defaults otherwise
base_dir = {self.dc / 'run'}
state_dir = {self.dc / 'state'}
log_path = {self.log}
protocols = imap
listen = {HOST}
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.key}
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {MAIL_UID}
mail_location = maildir:~/Maildir
default_client_limit = {2 * limit}
passdb {{
  driver = passwd-file
  args = scheme=CRYPT {self.users}
}}
userdb {{
  driver = passwd-file
  args = {self.users}
}}
service imap-login {{
  process_limit = {limit}{login_mode}
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {self.tls_port}
    ssl = yes
  }}
}}
service imap {{
  process_limit = {limit}
}}
""")

    def command(self):
        return ["dovecot", "-F", "-c", str(self.conf)], None

    def logs(self) -> str:
        return "\n".join(t for t in (last_lines(self.out, 10), last_lines(self.log)) if t)


def dovecot_version() -> str | None:
    if not shutil.which("dovecot"):
        return None
    r = subprocess.run(["dovecot", "--version"], capture_output=True, text=True)
    return r.stdout.strip() or None
