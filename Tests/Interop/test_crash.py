"""Durability: SIGKILL while 8 clients send 200 messages; after a restart every message that got
`250` is delivered exactly once and intact (interface.md: a 250 means synced to disk)."""

import smtplib
import threading
import time
import uuid

from conftest import read_message
from test_smtp import PASSWORD, split_trace

CLIENTS = 8
PER_CLIENT = 25


def test_sigkill_loses_and_duplicates_nothing_acknowledged(instance):
    inst = instance()
    inst.add_user("root@example.test", PASSWORD)
    inst.start()
    acknowledged = {}           # Message-ID -> raw message that got 250
    lock = threading.Lock()
    enough = threading.Event()

    def client(n):
        for i in range(PER_CLIENT):
            mid = f"<{uuid.uuid4().hex}@crash.test>"
            raw = (f"Subject: crash {n}/{i}\r\nMessage-ID: {mid}\r\n\r\n" + f"client {n} message {i}\r\n" * 50).encode()
            try:
                with smtplib.SMTP("127.0.0.1", inst.ports["smtp"], timeout=10) as s:
                    s.sendmail("load@outside.test", ["root@example.test"], raw)
            except (OSError, smtplib.SMTPException):
                return          # the server is gone
            with lock:
                acknowledged[mid] = raw
                if len(acknowledged) >= CLIENTS * PER_CLIENT // 2:
                    enough.set()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    enough.wait(timeout=120)
    inst.process.kill()
    inst.process.wait()
    for t in threads:
        t.join(timeout=60)
    with lock:
        expected = dict(acknowledged)
    assert len(expected) >= CLIENTS * PER_CLIENT // 2

    inst.start()
    files = inst.wait_for_messages("root", len(expected), timeout=120)
    time.sleep(0.5)  # let recovery finish anything else it had
    delivered = {}
    for path in sorted((inst.maildir("root") / "new").iterdir()):
        body = split_trace(read_message(path))[1]
        mid = next(l.split(b": ", 1)[1].decode() for l in body.split(b"\r\n") if l.startswith(b"Message-ID: "))
        delivered.setdefault(mid, []).append(body)
    for mid, raw in expected.items():
        assert mid in delivered, f"acknowledged message {mid} was lost"
        assert len(delivered[mid]) == 1, f"{mid} delivered {len(delivered[mid])} times"
        assert delivered[mid][0] == raw, f"{mid} is corrupt"
    for mid, copies in delivered.items():
        assert len(copies) == 1, f"{mid} delivered {len(copies)} times"
    assert inst.stop() == 0
