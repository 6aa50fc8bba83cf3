"""A `250` after DATA means the message is on disk (RFC 5321 §4.1.1.4, interface.md): traced with
strace, the queue file is fsync'd, renamed into active/, and active/ itself is fsync'd, all before the
reply is written."""

import os
import re
import shutil
import signal
import socket
import subprocess

import pytest

from conftest import BINARY, clean_env

SYSCALLS = "fsync,fdatasync,rename,renameat,renameat2,write,writev,sendto,sendmsg"
LINE = re.compile(r"^(\d+)\s+(.*)$")


def completed_calls(trace: str, by_start: bool = False):
    """(index, pid, call text) per finished system call, `<unfinished ...>` joined with its resumption;
    the index is the line where the call returned, or where it started with `by_start`."""
    pending, calls = {}, []
    for index, raw in enumerate(trace.splitlines()):
        match = LINE.match(raw)
        if not match:
            continue
        pid, text = match.groups()
        if text.endswith("<unfinished ...>"):
            pending[pid] = (index, text[: -len("<unfinished ...>")])
            continue
        start = index
        resumed = re.match(r"<\.\.\. \w+ resumed>(.*)$", text)
        if resumed:
            start, before = pending.pop(pid, (index, ""))
            text = before + resumed.group(1)
        calls.append((start if by_start else index, pid, text))
    return calls


def first(calls, predicate, what):
    for index, _, text in calls:
        if predicate(text):
            return index
    raise AssertionError(f"no {what} in the trace")


@pytest.mark.skipif(not shutil.which("strace"), reason="strace is not installed (apt-get install strace)")
def test_queue_file_and_directory_are_synced_before_250(instance):
    inst = instance()
    trace_file = inst.workdir / "strace.txt"
    inst.add_user("root@example.test", "pw")
    inst.process = subprocess.Popen(
        ["strace", "-f", "-y", "-s", "200", "-e", f"trace={SYSCALLS}", "-o", str(trace_file),
         str(BINARY), "serve", "--config", str(inst.config)],
        stdout=open(inst.log, "wb"), stderr=subprocess.STDOUT, env=clean_env(), cwd=inst.workdir)
    inst.wait_for_log(f"lmtp listening on 127.0.0.1:{inst.ports['lmtp']}", timeout=120)
    with socket.create_connection(("127.0.0.1", inst.ports["smtp"]), timeout=60) as s:
        f = s.makefile("rb")
        assert f.readline().startswith(b"220")
        s.sendall(b"HELO client.example\r\n")
        assert f.readline().startswith(b"250")
        s.sendall(b"MAIL FROM:<a@outside.test>\r\nRCPT TO:<root@example.test>\r\nDATA\r\n")
        assert [f.readline()[:3] for _ in range(3)] == [b"250", b"250", b"354"]
        s.sendall(b"Subject: durable\r\n\r\nsynced first\r\n.\r\n")
        reply = f.readline()
        assert reply.startswith(b"250 2.0.0 Ok: queued as "), reply
        queue_id = reply.split()[-1].decode()
        s.sendall(b"QUIT\r\n")
        f.readline()
    inst.wait_for_messages("root", 1)
    # SIGTERM to strace would only detach it; stop mailroom, strace's child, and strace follows.
    child = int(open(f"/proc/{inst.process.pid}/task/{inst.process.pid}/children").read().split()[0])
    os.kill(child, signal.SIGTERM)
    inst.process.wait(timeout=60)
    trace = trace_file.read_text(errors="replace")
    calls = completed_calls(trace)

    replied = first(completed_calls(trace, by_start=True), lambda t: f"queued as {queue_id}" in t and re.match(r"(write|writev|sendto|sendmsg)\(", t),
                    "write of the 250 reply")  # where the write began: nothing may precede the syncs
    file_synced = first(calls, lambda t: re.match(r"f(data)?sync\(\d+<[^>]*/tmp/" + re.escape(queue_id) + ">\\) = 0", t),
                        f"fsync of tmp/{queue_id}")
    renamed = first(calls, lambda t: re.match(r"rename(at2?)?\(.*/tmp/" + re.escape(queue_id) + r"\".*/active/"
                                               + re.escape(queue_id) + r"\".*= 0$", t), "rename into active/")
    directory_synced = max(index for index, _, text in calls
                           if re.match(r"f(data)?sync\(\d+<[^>]*/queue/active>\) = 0", text) and index < replied
                           ) if any(re.match(r"f(data)?sync\(\d+<[^>]*/queue/active>\)", t) for _, _, t in calls) else None
    assert directory_synced is not None, "active/ was never fsync'd"
    assert file_synced < renamed < directory_synced < replied, (file_synced, renamed, directory_synced, replied)
