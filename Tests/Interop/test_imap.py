"""IMAP with Python's imaplib against the built server (or Dovecot with IMAP_PEER=dovecot, see
imap_peer.py): what a message delivered over SMTP looks like when fetched, flags, UIDs and
UIDVALIDITY across restarts, folder management beyond the acceptance suite (hierarchies, modified
UTF-7 names, names that try to leave the account), COPY/MOVE with UIDPLUS, EXPUNGE and UID EXPUNGE,
SEARCH in legacy charsets, APPEND with flags and date, and APPEND over the size limit."""

import base64
import imaplib
import re
import time
import uuid

import pytest

from imap_peer import DOMAIN, MESSAGE_SIZE_LIMIT, PASSWORD
from test_smtp import split_trace

USER = f"xiong@{DOMAIN}"


@pytest.fixture
def server(imap_peer):
    peer = imap_peer()
    peer.add_user(USER)
    peer.add_user(f"root@{DOMAIN}")
    peer.start()
    yield peer
    assert peer.stop() == 0


def connect(server, user=USER) -> imaplib.IMAP4:
    """LOGIN in the clear: loopback counts as a trusted network for mailroom
    (disable_plaintext_auth = yes, PlaintextLoginPolicy) as it does for Dovecot ("secured")."""
    c = imaplib.IMAP4("127.0.0.1", server.ports["imap"], timeout=30)
    assert "LOGINDISABLED" not in c.capabilities
    assert c.login(user, PASSWORD)[0] == "OK"
    return c


def make_message(subject="hello", body="Hello,\r\n.leading dot\r\nFrom the start\r\n\r\nbye\r\n", headers=""):
    mid = f"<{uuid.uuid4().hex}@client.example>"
    return (f"From: Friend <friend@outside.test>\r\nTo: {USER}\r\nSubject: {subject}\r\n"
            f"Message-ID: {mid}\r\nDate: Mon, 02 Jan 2023 10:00:00 +0000\r\n{headers}\r\n{body}").encode()


def wait_exists(c, folder, count, timeout=30) -> int:
    """Polls STATUS (a delivery over SMTP is queued first) until `folder` holds `count` messages,
    then selects it; returns the EXISTS count."""
    deadline = time.monotonic() + timeout
    while True:
        typ, data = c.status(folder, "(MESSAGES)")
        assert typ == "OK", data
        if int(re.search(rb"MESSAGES (\d+)", data[0]).group(1)) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    typ, data = c.select(folder)
    assert typ == "OK", data
    assert int(data[0]) >= count, f"{count} messages expected in {folder}, {data[0]} there"
    return int(data[0])


def deliver_all(server, raws, user=USER):
    for raw in raws:
        server.deliver(raw, user)


def fetch_items(c, uid, items) -> dict:
    """One UID FETCH's items as {name: value}, literals joined in (imaplib splits them out)."""
    typ, data = c.uid("FETCH", str(uid), f"({items})")
    assert typ == "OK", data
    text = b""
    literals = {}
    for part in data:
        if isinstance(part, tuple):
            name = re.search(rb"([A-Z0-9.\[\]<>]+) \{\d+\}$", part[0]).group(1)
            literals[name] = part[1]
            text += part[0]
        else:
            text += part
    found = dict(literals)
    for name, value in re.findall(rb"(UID|RFC822\.SIZE|FLAGS|INTERNALDATE) (\d+|\([^)]*\)|\"[^\"]*\")", text):
        found[name] = value
    return found


def uids(c, *criteria, charset=None) -> list[int]:
    """The UIDs a UID SEARCH finds, ascending (RFC 9051 §7.3.4 gives no order)."""
    typ, data = c.uid("SEARCH", *(["CHARSET", charset] if charset else []), *criteria)
    assert typ == "OK", data
    return sorted(int(n) for n in data[0].split())


def tagged(c, *words):
    """Runs a command and returns the tagged reply's text (imaplib's `uid()` returns untagged data
    only, which loses UIDPLUS's [COPYUID] of UID COPY)."""
    return c._simple_command(*words)


def delimiter(c) -> str:
    """The hierarchy delimiter (RFC 9051 §6.3.9: `LIST "" ""`)."""
    typ, data = c.list('""', '""')
    m = re.search(rb'\) "(\\?.)" ', data[0])
    assert typ == "OK" and m, data
    return m.group(1)[-1:].decode()


def listed(c) -> dict[str, bytes]:
    """Mailbox name -> its attributes, from LIST "" "*"."""
    typ, data = c.list('""', "*")
    assert typ == "OK", data
    result = {}
    for line in data:
        m = re.match(rb'\(([^)]*)\) (?:"(?:\\.|[^"])*"|NIL) (.*)$', line)
        name = m.group(2)
        result[(name[1:-1] if name.startswith(b'"') else name).decode()] = m.group(1)
    return result


def test_delivered_message_is_fetched_byte_identical(server):
    """RFC 9051 §6.4.5: BODY[] is the whole message and RFC822.SIZE its size in octets as FETCH
    returns it (CRLF line ends); what arrived over SMTP comes back after the trace fields, with its
    dot-stuffed and `From ` lines as they were sent."""
    raws = [make_message(f"byte {i}", body=f"line {i}\r\n.\r\n..two dots\r\nFrom me\r\n" + "x" * 998 + "\r\n")
            for i in range(2)]
    deliver_all(server, raws)
    c = connect(server)
    wait_exists(c, "INBOX", 2)
    fetched = []
    for uid in uids(c, "ALL"):
        items = fetch_items(c, uid, "UID RFC822.SIZE BODY.PEEK[]")
        assert int(items[b"RFC822.SIZE"]) == len(items[b"BODY[]"])
        assert b"\n" not in items[b"BODY[]"].replace(b"\r\n", b"")
        fetched.append(split_trace(items[b"BODY[]"])[1])
    assert sorted(fetched) == sorted(raws)
    assert uids(c, "SEEN") == [], "BODY.PEEK sets no \\Seen (RFC 9051 §6.4.5)"
    c.logout()


def test_flags_uids_and_uidvalidity_survive_a_restart(server):
    """RFC 9051 §2.3.1.1: UIDs and UIDVALIDITY persist across sessions; §2.3.2: flags, keywords
    included, are permanent when PERMANENTFLAGS lists them (`\\*`: keywords may be created)."""
    deliver_all(server, [make_message(f"keep {i}") for i in range(3)])
    c = connect(server)
    wait_exists(c, "INBOX", 3)
    assert re.search(rb"\\\*", c.response("PERMANENTFLAGS")[1][0]), "new keywords can be made permanent"
    validity = c.response("UIDVALIDITY")[1][0]
    first, second, third = uids(c, "ALL")
    assert first < second < third
    assert c.uid("STORE", str(first), "+FLAGS", r"(\Flagged $Work)")[0] == "OK"
    assert c.uid("STORE", str(second), "+FLAGS.SILENT", r"(\Seen \Answered)")[0] == "OK"
    assert c.uid("STORE", str(second), "-FLAGS", r"(\Answered)")[0] == "OK"
    assert c.uid("STORE", str(third), "FLAGS", r"(\Draft)")[0] == "OK"
    before = {uid: set(fetch_items(c, uid, "FLAGS")[b"FLAGS"][1:-1].split()) - {rb"\Recent"}
              for uid in (first, second, third)}
    assert before == {first: {rb"\Flagged", b"$Work"}, second: {rb"\Seen"}, third: {rb"\Draft"}}
    typ, data = c.status("INBOX", "(UIDNEXT)")
    uidnext = re.search(rb"UIDNEXT (\d+)", data[0]).group(1)
    c.logout()

    assert server.stop() == 0
    server.start()
    c = connect(server)
    assert c.select("INBOX", readonly=True)[0] == "OK"
    assert c.response("UIDVALIDITY")[1][0] == validity
    assert uids(c, "ALL") == [first, second, third]
    after = {uid: set(fetch_items(c, uid, "FLAGS")[b"FLAGS"][1:-1].split()) - {rb"\Recent"}
             for uid in (first, second, third)}
    assert after == before
    assert re.search(rb"UIDNEXT (\d+)", c.status("INBOX", "(UIDNEXT)")[1][0]).group(1) == uidnext
    assert uids(c, "KEYWORD", "$Work") == [first] and uids(c, "UNSEEN") == [first, third]
    c.logout()


def test_folder_hierarchy_create_rename_delete_keeps_messages(server):
    """RFC 9051 §6.3.4: CREATE of `a/b` creates the superior `a`; §6.3.6: RENAME moves the
    inferior names with it, and their messages; §6.3.5: a deleted name is gone from LIST."""
    c = connect(server)
    d = delimiter(c)
    top, renamed = f"Proj{uuid.uuid4().hex[:6]}", f"Done{uuid.uuid4().hex[:6]}"
    assert c.create(f"{top}{d}2024{d}Q1")[0] == "OK"
    names = listed(c)
    assert {top, f"{top}{d}2024", f"{top}{d}2024{d}Q1"} <= set(names)
    assert b"\\HasChildren" in names[top] and b"\\HasNoChildren" in names[f"{top}{d}2024{d}Q1"]
    raw = make_message("in the leaf")
    assert c.append(f"{top}{d}2024{d}Q1", None, None, raw)[0] == "OK"
    assert c.create(f"{top}{d}2024{d}Q1")[0] == "NO", "the name exists already (RFC 9051 §6.3.4)"
    assert c.rename(top, renamed)[0] == "OK"
    names = listed(c)
    assert not any(n == top or n.startswith(top + d) for n in names)
    assert f"{renamed}{d}2024{d}Q1" in names
    assert wait_exists(c, f"{renamed}{d}2024{d}Q1", 1) == 1
    assert fetch_items(c, uids(c, "ALL")[0], "BODY.PEEK[]")[b"BODY[]"] == raw
    assert c.close()[0] == "OK"
    assert c.create(f"{top}x")[0] == "OK"
    # Renaming a selectable mailbox (Dovecot renames a \\Noselect parent's children onto an existing name).
    assert c.rename(f"{renamed}{d}2024{d}Q1", f"{top}x")[0] == "NO", "RFC 9051 §6.3.6: renaming onto an existing name is an error"
    assert c.delete(f"{top}x")[0] == "OK"
    assert c.delete(f"{renamed}{d}2024{d}Q1")[0] == "OK"
    for parent in (f"{renamed}{d}2024", renamed):
        # An implied \\Noselect parent left without children may vanish by itself (Dovecot): OK or NO.
        assert c.delete(parent)[0] in ("OK", "NO")
    assert not any(n.startswith(renamed) for n in listed(c))
    assert c.select(renamed)[0] == "NO"
    assert c.delete("INBOX")[0] == "NO", "RFC 9051 §6.3.5: deleting INBOX is an error"
    c.logout()


def test_non_ascii_folder_names_in_modified_utf7(server):
    """RFC 3501 §5.1.3 (RFC 9051 §5.1.3 for clients without UTF8=ACCEPT): names travel in modified
    UTF-7; `Ärger` is `&AMQ-rger`, `收件箱/草稿` `&ZTZO9nux-/&g0l6Pw-`. A name that is not valid
    modified UTF-7 is refused, never stored garbled."""
    c = connect(server)
    d = delimiter(c)
    names = ["&AMQ-rger", f"&ZTZO9nux-{d}&g0l6Pw-", "Caf&AOk-"]
    for name in names:
        assert c.create(name)[0] == "OK", name
    got = listed(c)
    assert set(names) <= set(got), got
    raw = make_message("umlaut folder")
    assert c.append("&AMQ-rger", None, None, raw)[0] == "OK"
    assert wait_exists(c, "&AMQ-rger", 1) == 1
    assert c.rename(f"&ZTZO9nux-{d}&g0l6Pw-", f"&ZTZO9nux-{d}Entw&APw-rfe")[0] == "OK"
    assert f"&ZTZO9nux-{d}Entw&APw-rfe" in listed(c)
    for bad in ("&Jjo", "&AMQ", "&-&"):
        try:
            typ, _ = c.create(bad)
        except imaplib.IMAP4.error:  # BAD: imaplib raises (mailroom: not a valid name, RFC 3501 §5.1.3)
            typ = "BAD"
        assert typ in ("NO", "BAD"), f"{bad!r} is not modified UTF-7 yet was created"
    c.logout()


def test_names_cannot_leave_the_account(server):
    """Mailbox names are names, not paths (issue 10, Limits): `..` and absolute names create
    nothing outside the user's mail root whatever the server answers."""
    c = connect(server)
    root = server.maildir("xiong").parent
    outside = set(p for p in server.data.rglob("*") if not p.is_relative_to(root))
    for name in ("../escape", "a/../../escape", "/etc/escape", "..", "~root/escape", ".hidden/../x"):
        typ, _ = c.create(name)
        c.list('""', "*")
    after = set(p for p in server.data.rglob("*") if not p.is_relative_to(root))
    assert not {p for p in after - outside if "escape" in str(p)}, after - outside
    assert c.noop()[0] == "OK"
    c.logout()


def test_copy_and_move_answer_copyuid(server):
    """RFC 4315 §3 (UIDPLUS): COPY answers [COPYUID validity source-uids dest-uids]; RFC 6851 §3.3:
    MOVE sends it in an untagged OK before the EXPUNGEs; the copies are the same messages."""
    raws = [make_message(f"copy {i}") for i in range(3)]
    deliver_all(server, raws)
    c = connect(server)
    target = f"Copies{uuid.uuid4().hex[:6]}"
    assert c.create(target)[0] == "OK"
    wait_exists(c, "INBOX", 3)
    a, b, cc = uids(c, "ALL")
    typ, data = tagged(c, "UID", "COPY", f"{a},{b}", target)
    m = re.search(rb"\[COPYUID (\d+) ([\d:,]+) ([\d:,]+)\]", data[0])
    assert typ == "OK" and m, data
    validity = m.group(1)
    assert c.status(target, "(UIDVALIDITY)")[1][0].endswith(b"(UIDVALIDITY " + validity + b")")
    typ, data = c.uid("MOVE", str(cc), target)
    assert typ == "OK", data
    moved = c.response("COPYUID")[1]
    assert moved and re.fullmatch(validity + rb" %d \d+" % cc, moved[-1]), moved
    assert c.response("EXPUNGE")[1] == [b"3"], "the moved message leaves the source (sequence number 3)"
    assert uids(c, "ALL") == [a, b]
    wait_exists(c, target, 3)
    bodies = sorted(split_trace(fetch_items(c, uid, "BODY.PEEK[]")[b"BODY[]"])[1] for uid in uids(c, "ALL"))
    assert bodies == sorted(raws)
    assert tagged(c, "UID", "COPY", "999999", target)[0] == "OK", "RFC 9051 §6.4.7: UID COPY of no message is not an error"
    assert c.copy("1", f"Missing{uuid.uuid4().hex[:6]}")[0] == "NO"
    c.logout()


def test_expunge_and_uid_expunge(server):
    """RFC 9051 §6.4.3: EXPUNGE removes every \\Deleted message, announcing each by sequence number
    as it is removed; RFC 4315 §2.1: UID EXPUNGE removes only the UIDs given."""
    deliver_all(server, [make_message(f"expunge {i}") for i in range(5)])
    c = connect(server)
    wait_exists(c, "INBOX", 5)
    all_uids = uids(c, "ALL")
    assert c.uid("STORE", ",".join(map(str, all_uids[1:4])), "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK"
    typ, data = c.uid("EXPUNGE", str(all_uids[2]))
    assert typ == "OK", data
    assert c.response("EXPUNGE")[1] == [b"3"]
    assert uids(c, "ALL") == [all_uids[0], all_uids[1], all_uids[3], all_uids[4]]
    typ, data = c.expunge()
    assert typ == "OK" and len(data) == 2, data
    view = [all_uids[0], all_uids[1], all_uids[3], all_uids[4]]
    for number in data:  # each number counts the messages as they are after the previous removals
        del view[int(number) - 1]
    assert view == [all_uids[0], all_uids[4]] == uids(c, "ALL")
    assert uids(c, "DELETED") == []
    c.logout()
    c = connect(server)
    assert c.select("INBOX")[1] == [b"2"]
    c.logout()


def qp(text: str, charset: str) -> str:
    return "".join(chr(b) if 32 < b < 127 and b != 61 else f"={b:02X}" for b in text.encode(charset))


def test_search_headers_body_flags_and_legacy_charsets(server):
    """RFC 9051 §6.4.4: SEARCH FROM/SUBJECT/BODY are substring matches after decoding RFC 2047
    words and content transfer encodings, in the message's own charset; CHARSET UTF-8 search
    strings go as literals. Users' mail arrives in ISO-8859-1 and GB2312 (issue 10, item 2)."""
    latin = make_message("Gr=?ISO-8859-1?Q?=FC=DF?=e aus K=?ISO-8859-1?Q?=F6?=ln",
                         body=qp("Schöne Grüße aus Köln\r\n", "iso-8859-1") + "\r\n",
                         headers="MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                                 "Content-Transfer-Encoding: quoted-printable\r\n")
    chinese = make_message("=?GB2312?B?" + base64.b64encode("会议通知".encode("gb2312")).decode() + "?=",
                           body=base64.b64encode("明天下午三点开会。\r\n".encode("gb2312")).decode() + "\r\n",
                           headers="MIME-Version: 1.0\r\nContent-Type: text/plain; charset=GB2312\r\n"
                                   "Content-Transfer-Encoding: base64\r\n")
    plain = make_message("quarterly report", body="numbers attached\r\n").replace(
        b"Friend <friend@outside.test>", b"Boss <boss@corp.example>")
    deliver_all(server, [latin, chinese, plain])
    c = connect(server)
    wait_exists(c, "INBOX", 3)
    by_subject = {}
    for uid in uids(c, "ALL"):
        by_subject[split_trace(fetch_items(c, uid, "BODY.PEEK[]")[b"BODY[]"])[1]] = uid
    latin_uid, chinese_uid, plain_uid = by_subject[latin], by_subject[chinese], by_subject[plain]
    # The three are delivered at once, so their UIDs may come in any order.

    assert uids(c, "FROM", "boss@corp") == [plain_uid]
    assert uids(c, "FROM", "FRIEND") == sorted([latin_uid, chinese_uid]), "case-insensitive (RFC 9051 §6.4.4)"
    assert uids(c, "SUBJECT", '"quarterly"') == [plain_uid]
    assert uids(c, "BODY", "attached") == [plain_uid]
    assert uids(c, "NOT", "BODY", "attached") == sorted([latin_uid, chinese_uid])

    def utf8_search(key, text):
        c.literal = text.encode()
        return uids(c, key, charset="UTF-8")

    assert utf8_search("BODY", "Grüße") == [latin_uid], "quoted-printable ISO-8859-1 body"
    assert utf8_search("SUBJECT", "Grüße") == [latin_uid], "RFC 2047 Q-encoded ISO-8859-1 subject"
    assert utf8_search("BODY", "下午三点") == [chinese_uid], "base64 GB2312 body"
    assert utf8_search("SUBJECT", "会议") == [chinese_uid], "RFC 2047 B-encoded GB2312 subject"
    assert utf8_search("TEXT", "Köln") == [latin_uid]

    assert uids(c, "UNSEEN") == sorted([latin_uid, chinese_uid, plain_uid])
    assert c.uid("STORE", str(chinese_uid), "+FLAGS", r"(\Seen)")[0] == "OK"
    assert uids(c, "UNSEEN") == sorted([latin_uid, plain_uid])
    assert uids(c, "SEEN", "FROM", "friend") == [chinese_uid]
    assert uids(c, "OR", "FROM", "boss", "SUBJECT", "nothing-like-this") == [plain_uid]
    typ, data = c.uid("SEARCH", "CHARSET", "X-NO-SUCH-CHARSET", "BODY", "x")
    assert typ == "NO" and b"BADCHARSET" in data[0], "RFC 9051 §6.4.4: [BADCHARSET] for an unknown charset"
    c.logout()


def test_append_with_flags_and_date(server):
    """RFC 9051 §6.3.12: APPEND stores the flags and the internal date given; RFC 4315: APPENDUID
    names the new UID, which is below UIDNEXT afterwards; SEARCH BEFORE uses the internal date."""
    c = connect(server)
    folder = f"Drafts{uuid.uuid4().hex[:6]}"
    assert c.create(folder)[0] == "OK"
    raw = make_message("draft", body="bare line\r\n\r\n\r\n")
    typ, data = c.append(folder, r"(\Draft \Seen $Todo)", '"02-Jan-2020 10:30:00 +0800"', raw)
    m = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
    assert typ == "OK" and m, data
    uid = int(m.group(2))
    typ, data = c.status(folder, "(UIDNEXT UIDVALIDITY MESSAGES)")
    assert int(re.search(rb"UIDNEXT (\d+)", data[0]).group(1)) > uid
    assert re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1) == m.group(1)
    c.select(folder)
    items = fetch_items(c, uid, "FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[]")
    assert items[b"BODY[]"] == raw and int(items[b"RFC822.SIZE"]) == len(raw)
    assert set(items[b"FLAGS"][1:-1].split()) - {rb"\Recent"} == {rb"\Draft", rb"\Seen", b"$Todo"}
    stamp = time.mktime(imaplib.Internaldate2tuple(b"INTERNALDATE " + items[b"INTERNALDATE"]))
    assert stamp == time.mktime(imaplib.Internaldate2tuple(b'INTERNALDATE "02-Jan-2020 02:30:00 +0000"'))
    assert uids(c, "BEFORE", "3-Jan-2020") == [uid] and uids(c, "SINCE", "3-Jan-2020") == []
    try:
        typ = c.append(folder, r"(\Recent)", None, raw)[0]
    except imaplib.IMAP4.error:  # imaplib raises on BAD
        typ = "BAD"
    assert typ in ("NO", "BAD"), "RFC 3501 §2.3.2: \\Recent cannot be set by a client"
    c.logout()


def test_append_over_the_size_limit_is_refused_and_the_session_goes_on(server):
    """RFC 7889 §4 / RFC 4469 §5: an APPEND over the limit gets NO ([TOOBIG]; Dovecot says [LIMIT])
    instead of the continuation, so the client sends no byte of it; the session goes on."""
    c = connect(server)
    typ, data = c.append("INBOX", None, None, b"Subject: big\r\n\r\n" + b"y" * MESSAGE_SIZE_LIMIT)
    assert typ == "NO", data
    assert re.match(rb"\[(TOOBIG|LIMIT)\]", data[0]), data
    assert c.noop()[0] == "OK"
    typ, data = c.append("INBOX", None, None, make_message("small enough"))
    assert typ == "OK", data
    assert wait_exists(c, "INBOX", 1) == 1
    c.logout()
