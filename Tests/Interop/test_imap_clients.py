"""IMAP with the clients users run (issue 10, "Done when"): imapclient (folders, flags, IDLE push
on an SMTP delivery), curl imap:// and imaps://, mbsync (isync) two-way syncs, mutt in batch mode,
and the mbox layout with the INBOX at /var/mail/USER for system accounts. Against mailroom, or
Dovecot with IMAP_PEER=dovecot (imap_peer.py)."""

import os
import pty
import re
import select
import shutil
import subprocess
import time
import uuid

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from conftest import UNIX_PASSWORD
from imap_peer import DOMAIN, PASSWORD
from test_imap import USER, make_message, server  # noqa: F401  (the fixture)
from test_smtp import split_trace


def client(server, user=USER, password=PASSWORD) -> IMAPClient:
    c = IMAPClient("127.0.0.1", port=server.ports["imap"], ssl=False, timeout=30)
    c.login(user, password)
    return c


def wait_count(c, folder, count, timeout=30):
    deadline = time.monotonic() + timeout
    while c.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"] < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert c.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"] >= count


def test_imapclient_folders_and_flags(server):
    """The calls Thunderbird-style clients make through imapclient: the delimiter from NAMESPACE
    (RFC 2342), folders made, renamed and gone, flags set and cleared, all in a second session too."""
    c = client(server)
    personal = c.namespace().personal[0]
    delim = personal[1]
    folder = f"Clients{uuid.uuid4().hex[:6]}"
    c.create_folder(f"{folder}{delim}Sub")
    assert c.folder_exists(folder) and c.folder_exists(f"{folder}{delim}Sub")
    uid = int(re.search(rb"APPENDUID \d+ (\d+)", c.append(f"{folder}{delim}Sub", make_message("x"))).group(1))
    c.select_folder(f"{folder}{delim}Sub")
    c.add_flags([uid], [b"\\Flagged", b"\\Answered", b"$Label1"])
    c.remove_flags([uid], [b"\\Answered"])
    c.unselect_folder() if c.has_capability("UNSELECT") else c.close_folder()
    c.rename_folder(folder, f"{folder}-old")
    other = client(server)
    other.select_folder(f"{folder}-old{delim}Sub", readonly=True)
    assert set(other.get_flags([uid])[uid]) - {b"\\Recent"} == {b"\\Flagged", b"$Label1"}
    other.logout()
    c.delete_folder(f"{folder}-old{delim}Sub")
    assert not c.folder_exists(f"{folder}-old{delim}Sub")
    with pytest.raises(IMAPClientError):
        c.select_folder(f"{folder}{delim}Sub")
    c.logout()


def test_idle_receives_exists_on_smtp_delivery(server):
    """RFC 2177 / RFC 9051 §6.3.13: during IDLE the server sends EXISTS as mail arrives (issue 10:
    within a second; the timeout here is generous so CI never flakes)."""
    c = client(server)
    c.select_folder("INBOX")
    c.idle()
    server.deliver(make_message("pushed"), USER)
    deadline = time.monotonic() + 20
    seen = []
    while time.monotonic() < deadline and not any(r[1:2] == (b"EXISTS",) for r in seen):
        seen += c.idle_check(timeout=1)
    c.idle_done()
    assert (1, b"EXISTS") in seen, seen
    c.logout()


def curl(server, url, password=PASSWORD, *extra):
    return subprocess.run(["curl", "-sS", "--max-time", "30", "--insecure", "-u", f"{USER}:{password}", *extra, url],
                          capture_output=True, timeout=60)


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed (apt-get install curl)")
@pytest.mark.parametrize("scheme", ["imap", "imaps"])
def test_curl_lists_fetches_by_uid_and_refuses_a_wrong_password(server, scheme):
    raw = make_message("for curl", body="curl reads me\r\n.\r\n")
    server.deliver(raw, USER)
    c = client(server)
    wait_count(c, "INBOX", 1)
    c.select_folder("INBOX")
    [uid] = c.search(["ALL"])
    c.create_folder("CurlFolder")
    c.logout()
    base = f"{scheme}://127.0.0.1:{server.ports[scheme]}/"
    listing = curl(server, base)
    assert listing.returncode == 0, listing.stderr
    names = re.findall(rb'^\* LIST \([^)]*\) (?:"[^"]*"|NIL) "?([^"\r\n]+)"?\r?$', listing.stdout, re.M)
    assert b"INBOX" in names and b"CurlFolder" in names, listing.stdout
    fetched = curl(server, f"{base}INBOX;UID={uid}")
    assert fetched.returncode == 0, fetched.stderr
    assert split_trace(fetched.stdout)[1] == raw
    wrong = curl(server, base, "not-the-password")
    assert wrong.returncode == 67, f"curl reports a refused login as 67: {wrong.returncode} {wrong.stderr}"


def run_in_pty(argv, env, timeout=60):
    """Runs a program on a pseudo-terminal (mutt needs one even when scripted, mbsync prints its
    counters only to one); returns its exit status and what it drew."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal closed: mutt has exited
                chunk = b""
            if not chunk:
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), output
            output += chunk
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), output
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError(f"{argv[0]} did not finish: {output[-2000:]!r}")


def mbsync(tmp):
    """Runs `mbsync -a` on a terminal (it prints its counters only to one); returns the final
    counters: messages, flag updates and expunges propagated to the far (server) and near side."""
    status, screen = run_in_pty(["mbsync", "-c", str(tmp / "mbsyncrc"), "-a"],
                                {"HOME": str(tmp), "PATH": os.environ["PATH"], "TERM": "vt100"})
    text = screen.decode(errors="replace")
    assert status == 0, text
    # isync 1.4's last counter line, "F: +new/total *flags/total #expunges/total  N: (the same)".
    counters = re.findall(r"F: \+\d+/(\d+) \*\d+/(\d+) #\d+/(\d+)\s+N: \+\d+/(\d+) \*\d+/(\d+) #\d+/(\d+)", text)
    assert counters, text
    return dict(zip(("far new", "far flags", "far expunges", "near new", "near flags", "near expunges"),
                    map(int, counters[-1])))


def tree(root):
    """The local Maildir's message files (mbsync's own state files aside)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and p.parent.name in ("cur", "new"))


def server_state(server):
    """{folder: {uid: flags}} for the synced folders, as the server says."""
    c = client(server)
    state = {}
    for folder in ("INBOX", "Work", f"Work{c.namespace().personal[0][1]}Reports"):
        c.select_folder(folder, readonly=True)
        state[folder] = {uid: sorted(set(flags) - {b"\\Recent"}) for uid, flags in c.get_flags(c.search(["ALL"])).items()}
    c.logout()
    return state


@pytest.mark.skipif(not shutil.which("mbsync"), reason="mbsync is not installed (apt-get install isync)")
def test_mbsync_two_way_sync_is_stable_and_carries_flags_and_new_mail(server, tmp_path):
    """mbsync (isync 1.4) syncs INBOX and a hierarchy both ways; a second run finds nothing to do
    (no new message, flag update or expunge either side); a flag set in the local Maildir reaches the
    server, a message appended on the server reaches the local Maildir."""
    c = client(server)
    delim = c.namespace().personal[0][1]
    c.create_folder("Work")
    c.create_folder(f"Work{delim}Reports")  # mbsync's Patterns write every delimiter as '/'
    for folder, subject in (("INBOX", "in inbox"), ("Work", "work item"), (f"Work{delim}Reports", "q1 report")):
        c.append(folder, make_message(subject), flags=[b"\\Seen"] if folder == "Work" else [])
    c.logout()
    local = tmp_path / "local"
    local.mkdir()
    (tmp_path / "mbsyncrc").write_text(f"""IMAPAccount peer
Host 127.0.0.1
Port {server.ports['imap']}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account peer

MaildirStore local
Path {local}/
Inbox {local}/INBOX
SubFolders Verbatim

Channel sync
Far :remote:
Near :local:
Patterns INBOX Work Work/Reports
Create Both
Expunge Both
SyncState *
Sync All
""")
    first = mbsync(tmp_path)
    assert first["near new"] == 3 and first["far new"] == 0, first
    files = tree(local)
    assert len([f for f in files if "/cur/" in f or "/new/" in f]) == 3, files
    assert any(f.startswith("Work/Reports/") for f in files)
    before = server_state(server)

    second = mbsync(tmp_path)
    assert tree(local) == files, "the second run changed nothing locally"
    assert server_state(server) == before, "nor on the server"
    assert set(second.values()) == {0}, f"the second run found work to do: {second}"

    [work] = [local / f for f in files if f.startswith("Work/cur/") or f.startswith("Work/new/")]
    work.rename(work.parent.parent / "cur" / (work.name.split(":2,")[0] + ":2,FS"))
    c = client(server)
    c.append("INBOX", make_message("made on the server"))
    c.logout()
    third = mbsync(tmp_path)
    assert third == {**second, "far flags": 1, "near new": 1}, f"one flag update pushed, one message pulled: {third}"
    state = server_state(server)
    assert [flags for flags in state["Work"].values()] == [[b"\\Flagged", b"\\Seen"]]
    inbox = [p for p in (local / "INBOX").rglob("*") if p.is_file() and p.parent.name in ("cur", "new")]
    assert len(inbox) == 2
    assert any(b"Subject: made on the server" in p.read_bytes() for p in inbox)


@pytest.mark.skipif(not shutil.which("mutt"), reason="mutt is not installed (apt-get install mutt)")
def test_mutt_batch_reads_and_deletes(server, tmp_path):
    """mutt 2.2 driven by `push`: opens the INBOX over IMAP, pipes every message out (the raw
    message, undecoded), deletes one by subject and syncs: the server expunges exactly that one."""
    keep = make_message("keep me", body="first body\r\n")
    victim = make_message("delete me", body="second body\r\n")
    for raw in (keep, victim):
        server.deliver(raw, USER)
    c = client(server)
    wait_count(c, "INBOX", 2)
    c.logout()
    out = tmp_path / "piped"
    user = USER.replace("@", "%40")
    (tmp_path / "muttrc").write_text(f"""set folder="imap://{user}@127.0.0.1:{server.ports['imap']}/"
set imap_pass="{PASSWORD}"
set spoolfile="+INBOX"
set ssl_starttls=no
set ssl_force_tls=no
set imap_passive=yes
set pipe_decode=no
set pipe_split=no
set wait_key=no
set delete=yes
set confirmappend=no
set quit=yes
set move=no
set mark_old=no
set header_cache=""
set message_cachedir=""
""")
    keys = (f"<tag-pattern>~A<enter><tag-prefix><pipe-message>cat > {out}<enter>"
            "<delete-pattern>~s 'delete me'<enter><sync-mailbox><quit>")
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "TERM": "vt100", "LINES": "40", "COLUMNS": "120"}
    status, screen = run_in_pty(["mutt", "-n", "-F", str(tmp_path / "muttrc"), "-e", f'push "{keys}"'], env)
    assert status == 0, screen[-2000:]
    piped = out.read_bytes()
    assert b"first body" in piped and b"second body" in piped, piped
    c = client(server)
    c.select_folder("INBOX")
    remaining = c.fetch(c.search(["ALL"]), ["BODY.PEEK[]"])
    c.logout()
    assert [split_trace(v[b"BODY[]"])[1] for v in remaining.values()] == [keep]


@pytest.mark.skipif(os.geteuid() != 0, reason="makes system accounts (useradd) and a spool owned by root:mail")
def test_mbox_layout_inbox_in_the_spool_and_folders_under_home(imap_peer, base, unix_user):
    """The seed's layout, `mail_location = mbox:~/mail:INBOX=/var/mail/%u` with system accounts:
    the INBOX is the spool file, read over IMAP as delivered; a folder made over IMAP is a file
    under ~/mail, a hierarchy a directory, and what is appended there is an mbox message."""
    user = unix_user()
    server = imap_peer(mail_location=f"mbox:~/mail:INBOX={base}/var/mail/%u", system=True)
    server.start()
    raw = make_message("to the spool", body="From here on\r\nplain text\r\n").replace(USER.encode(), f"{user.pw_name}@{DOMAIN}".encode())
    server.deliver(raw, f"{user.pw_name}@{DOMAIN}")
    spool = base / "var" / "mail" / user.pw_name
    c = client(server, user.pw_name, UNIX_PASSWORD)
    wait_count(c, "INBOX", 1)
    c.select_folder("INBOX")
    [uid] = c.search(["ALL"])
    body = c.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
    assert split_trace(body)[1] == raw, "the mbox's From_ quoting is undone"
    assert spool.stat().st_uid == user.pw_uid and b"Subject: to the spool" in spool.read_bytes()
    c.create_folder("Projects/2024")
    c.append("Projects/2024", make_message("filed"))
    c.logout()
    home = base / "home" / user.pw_name
    filed = home / "mail" / "Projects" / "2024"
    assert filed.is_file() and filed.stat().st_uid == user.pw_uid
    assert filed.read_bytes().startswith(b"From ") and b"Subject: filed" in filed.read_bytes()
    assert server.stop() == 0
