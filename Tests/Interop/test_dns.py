"""DNS: mailroom and BIND's `named` serve the same zone files; dig and dnspython must get the same
answer, authority and additional sections (order ignored) from both, over UDP and TCP, except for
ANY over UDP, which mailroom answers minimally (RFC 8482, see `minimal_any_matches`)."""

import base64
import re
import shutil
import tempfile
import signal
import subprocess
import time
from pathlib import Path

import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsigkeyring
import dns.xfr
import pytest

from conftest import free_port

ZONE = """\
; the classic guide's zone, plus the records a mail domain grows into
$TTL 1D
@       IN SOA  ns1.example.test. hostmaster.example.test. (
                2024060101  ; serial
                1D          ; refresh
                1H          ; retry
                1W          ; expire
                3H )        ; minimum
        IN  NS      ns1.example.test.
        IN  NS      ns2
        IN  MX  10  mail.example.test.
        IN  MX  20  backup.example.net.
        IN  A       127.0.0.1
@       IN  TXT     "v=spf1 mx -all"
@       IN  CAA     0 issue "letsencrypt.org"
ns1     IN  A       127.0.0.1
ns2 3600 IN A       127.0.0.2
ns2     IN  AAAA    ::2
mail    IN  A       127.0.0.1
mail    IN  AAAA    2001:db8::25
www     IN  CNAME   example.test.
alias   IN  CNAME   www
dangling IN CNAME   missing
_submission._tcp IN SRV 0 1 587 mail
_dmarc  IN  TXT     "v=DMARC1; p=reject;" " rua=mailto:postmaster@example.test"
a.b     IN  A       192.0.2.1
nullmx  IN  MX  0   .
*.wild  IN  A       192.0.2.7
sub     IN  NS      ns.sub
sub     IN  DS      60485 13 2 2BB183AF5F22588179A53B0A98631FAD1A2921182BB183AF5F22588179A53B0A
ns.sub  IN  A       192.0.2.53
_25._tcp.mail IN TLSA 3 1 1 0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef
mail    IN  SSHFP   4 2 0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef
ns1     IN  HINFO   "PC-Intel" "Linux"
big     IN  TXT     "{big1}" "{big2}" "{big3}"
; CNAME loops (named answers SERVFAIL, RFC 1034 §3.6.2), chains at named's restart limit, and
; CNAMEs into the other zone served here (named stops at the CNAME)
self    IN  CNAME   self
loop1   IN  CNAME   loop2
loop2   IN  CNAME   loop1.example.test.
toloop  IN  CNAME   loop1
*.wl    IN  CNAME   wt
wt      IN  CNAME   q.wl
{chain}
chain13 IN  A       192.0.2.13
cross   IN  CNAME   backup.example.net.
crossmx IN  CNAME   example.net.
""".format(big1="a" * 200, big2="b" * 200, big3="c" * 200,
           chain="\n".join(f"chain{n} IN CNAME chain{n + 1}" for n in range(1, 13)))

OTHER_ZONE = """\
$TTL 3600
$ORIGIN example.net.
@       IN SOA  ns1.example.test. hostmaster.example.test. 7 3600 600 86400 300
        IN  NS      ns1.example.test.
        IN  MX  5   mail.example.test.
backup  IN  A       198.51.100.9
back    IN  CNAME   mail.example.test.
"""

TSIG_NAME = "master-slave"
TSIG_SECRET = base64.b64encode(b"interop-test-secret-0123456789ab").decode()

# (name, type) pairs asked of both servers.
QUESTIONS = [
    ("example.test", "SOA"), ("example.test", "NS"), ("example.test", "MX"), ("example.test", "A"),
    ("example.test", "AAAA"), ("example.test", "TXT"), ("example.test", "CAA"), ("example.test", "ANY"),
    ("mail.example.test", "A"), ("mail.example.test", "AAAA"), ("MAIL.Example.TEST", "A"),
    ("ns2.example.test", "A"), ("www.example.test", "A"), ("www.example.test", "CNAME"),
    ("alias.example.test", "MX"), ("dangling.example.test", "A"), ("nothere.example.test", "A"),
    ("b.example.test", "A"), ("a.b.example.test", "A"), ("_submission._tcp.example.test", "SRV"),
    ("_dmarc.example.test", "TXT"), ("nullmx.example.test", "MX"), ("x.wild.example.test", "A"),
    ("x.wild.example.test", "MX"), ("y.x.wild.example.test", "A"), ("sub.example.test", "NS"),
    ("host.sub.example.test", "A"), ("example.net", "MX"), ("backup.example.net", "A"),
    ("example.org", "A"), ("test", "SOA"), ("_25._tcp.mail.example.test", "TLSA"), ("mail.example.test", "SSHFP"),
    ("ns1.example.test", "HINFO"), ("sub.example.test", "DS"), ("host.sub.example.test", "DS"),
    ("self.example.test", "A"), ("self.example.test", "CNAME"), ("self.example.test", "ANY"),
    ("loop1.example.test", "A"), ("LOOP2.example.test", "MX"), ("toloop.example.test", "TXT"),
    ("q.wl.example.test", "A"), ("wt.example.test", "AAAA"), ("chain1.example.test", "A"),
    ("chain2.example.test", "A"), ("cross.example.test", "A"), ("crossmx.example.test", "MX"),
    ("back.example.net", "A"), ("mail.example.test", "ANY"), ("www.example.test", "ANY"),
    ("x.wild.example.test", "ANY"), ("nothere.example.test", "ANY"), ("b.example.test", "ANY"),
    ("sub.example.test", "ANY"), ("ns2.example.test", "ANY"),
]


def write_zones(directory: Path) -> dict:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "example.test.zone").write_text(ZONE)
    (directory / "example.net.zone").write_text(OTHER_ZONE)
    return {"example.test": directory / "example.test.zone", "example.net": directory / "example.net.zone"}


def named_conf(directory: Path, port: int, zones: dict) -> str:
    lines = ["options {", f'    directory "{directory}";', f"    listen-on port {port} {{ 127.0.0.1; }};",
             "    listen-on-v6 { none; };", f'    pid-file "{directory}/named.pid";',
             f'    session-keyfile "{directory}/session.key";', f'    managed-keys-directory "{directory}";',
             "    recursion no;", "    notify no;", "    dnssec-validation no;", "    allow-query { any; };",
             "    allow-transfer { none; };", "};", "controls { };",
             f'key "{TSIG_NAME}" {{', "    algorithm hmac-sha256;", f'    secret "{TSIG_SECRET}";', "};"]
    for domain, path in zones.items():
        lines += [f'zone "{domain}" IN {{', "    type master;", f'    file "{path}";',
                  f'    allow-transfer {{ key "{TSIG_NAME}"; }};', "};"]
    return "\n".join(lines) + "\n"


def wait_for_udp(port: int, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            dns.query.udp(dns.message.make_query("example.test", "SOA"), "127.0.0.1", port=port, timeout=0.3)
            return
        except Exception:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers DNS on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def servers():
    """(mailroom port, named port), both serving the same files through the same named.conf."""
    named = shutil.which("named") or "/usr/sbin/named"
    assert Path(named).exists(), "BIND's named is needed (apt-get install bind9)"
    from conftest import BINARY, clean_env
    work = Path(tempfile.mkdtemp(prefix="mailroom-interop-dns-"))
    work.chmod(0o755)  # run as root, mailroom serves as mail_owner, which must reach its data directory
    zones = write_zones(work / "zones")
    named_port, mailroom_port = free_port(), free_port()
    (work / "named.conf").write_text(named_conf(work / "zones", named_port, zones))
    (work / "mailroom-named.conf").write_text(named_conf(work / "zones", mailroom_port, zones))
    (work / "mailroom.cf").write_text("\n".join([
        "protocols = dns", "inet_interfaces = 127.0.0.1", f"data_directory = {work / 'data'}",
        f"dns_port = {mailroom_port}", f"named_conf = {work / 'mailroom-named.conf'}"]) + "\n")
    procs = [
        subprocess.Popen([named, "-g", "-c", str(work / "named.conf"), "-n", "1"],
                         stdout=open(work / "named.log", "wb"), stderr=subprocess.STDOUT),
        subprocess.Popen([str(BINARY), "serve", "--config", str(work / "mailroom.cf")],
                         stdout=open(work / "mailroom.log", "wb"), stderr=subprocess.STDOUT, env=clean_env()),
    ]
    try:
        for port, proc, log in ((named_port, procs[0], "named.log"), (mailroom_port, procs[1], "mailroom.log")):
            try:
                wait_for_udp(port)
            except AssertionError:
                proc.kill()
                raise AssertionError((work / log).read_text(errors="replace")[-4000:])
        yield {"mailroom": mailroom_port, "named": named_port, "work": work}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def normalized(response: dns.message.Message) -> dict:
    """What must be equal between the two servers: rcode, header flags, each section as a set."""
    def section(rrsets):
        return sorted(f"{rr.name.to_text().lower()} {rr.ttl} {dns.rdatatype.to_text(rr.rdtype)} "
                      f"{rd.to_text().lower()}" for rr in rrsets for rd in rr)
    flags = [f for f in ("QR", "AA", "TC", "RD", "RA") if response.flags & getattr(dns.flags, f)]
    return {"rcode": dns.rcode.to_text(response.rcode()), "flags": flags,
            "question": [q.to_text() for q in response.question],
            "answer": section(response.answer), "authority": section(response.authority),
            "additional": section(response.additional), "edns": response.edns}


def ask(port: int, name: str, rdtype: str, tcp: bool, rd: bool, edns: bool) -> dns.message.Message:
    q = dns.message.make_query(name, rdtype, use_edns=0 if edns else False, payload=1232)
    if not rd:
        q.flags &= ~dns.flags.RD
    q.id = 4242
    fn = dns.query.tcp if tcp else dns.query.udp
    return fn(q, "127.0.0.1", port=port, timeout=5)


def minimal_any_matches(ours: dict, theirs: dict) -> bool:
    """RFC 8482 §4.1, a deliberate difference: over UDP mailroom answers ANY with one whole RRset of
    the ones named sends (named 9.18's minimal-any is off by default). The rest is alike, except that
    at the apex the NS RRset named answers with goes to our authority section when it is not the one."""
    def rrset(line):
        owner, _, rdtype = line.split()[:3]
        return owner, rdtype
    kept = {rrset(line) for line in ours["answer"]}
    whole = [line for line in theirs["answer"] if rrset(line) in kept]
    authority = ours["authority"] == theirs["authority"] or (
        not theirs["authority"] and set(ours["authority"]) <= set(theirs["answer"]) - set(whole))
    same = ("rcode", "flags", "question", "additional", "edns")
    return (len(kept) == (1 if theirs["answer"] else 0) and ours["answer"] == whole and authority
            and all(ours[key] == theirs[key] for key in same))


@pytest.mark.parametrize("edns", [False, True], ids=["plain", "edns"])
@pytest.mark.parametrize("rd", [False, True], ids=["norec", "rec"])
@pytest.mark.parametrize("tcp", [False, True], ids=["udp", "tcp"])
def test_same_answers_as_named(servers, tcp, rd, edns):
    differences = []
    for name, rdtype in QUESTIONS:
        ours = normalized(ask(servers["mailroom"], name, rdtype, tcp, rd, edns))
        theirs = normalized(ask(servers["named"], name, rdtype, tcp, rd, edns))
        alike = minimal_any_matches(ours, theirs) if rdtype == "ANY" and not tcp else ours == theirs
        if not alike:
            differences.append(f"{name} {rdtype}:\n  mailroom {ours}\n  named    {theirs}")
    assert not differences, "\n".join(differences)


def test_do_bit_is_copied_from_each_query_not_from_a_cached_answer(servers):
    """RFC 3225 §3: one question with DO set, clear, set, clear, from one UDP source port and on one
    TCP connection, so that mailroom's per-socket answer cache serves the repeats."""
    import socket
    for port in (servers["mailroom"], servers["named"]):
        source = free_port()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as stream:
            for dnssec in (True, False, True, False):
                q = dns.message.make_query("mail.example.test", "A", use_edns=0, want_dnssec=dnssec)
                udp = dns.query.udp(q, "127.0.0.1", port=port, source="127.0.0.1", source_port=source, timeout=5)
                tcp = dns.query.tcp(q, "127.0.0.1", port=port, sock=stream, timeout=5)
                for r in (udp, tcp):
                    assert bool(r.ednsflags & dns.flags.DO) == dnssec, (port, dnssec)


def test_large_answer_is_truncated_over_udp_and_whole_over_tcp(servers):
    for port in (servers["mailroom"], servers["named"]):
        r = ask(port, "big.example.test", "TXT", tcp=False, rd=False, edns=False)
        assert r.flags & dns.flags.TC, "over 512 octets without EDNS must set TC (RFC 1035 §4.2.1)"
        whole = ask(port, "big.example.test", "TXT", tcp=True, rd=False, edns=False)
        assert not whole.flags & dns.flags.TC and len(whole.answer[0][0].strings) == 3


def dig(port: int, *args) -> str:
    return subprocess.run(["dig", "+norec", "+time=3", "+tries=1", "@127.0.0.1", "-p", str(port), *args],
                          capture_output=True, text=True, timeout=30).stdout


def dig_sections(out: str) -> dict:
    sections = {}
    for name in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
        m = re.search(rf";; {name} SECTION:\n(.*?)(?:\n\n|\Z)", out, re.S)
        sections[name] = sorted(" ".join(l.lower().split()) for l in m.group(1).splitlines()) if m else []
    sections["status"] = re.search(r"status: (\w+)", out).group(1)
    sections["flags"] = sorted(re.search(r";; flags: ([a-z ]*);", out).group(1).split())
    return sections


@pytest.mark.parametrize("transport", ["+notcp", "+tcp"])
def test_dig_sees_the_same_as_from_named(servers, transport):
    for name, rdtype in [("example.test", "MX"), ("nothere.example.test", "A"), ("www.example.test", "A"),
                         ("host.sub.example.test", "A"), ("example.test", "SOA")]:
        ours = dig_sections(dig(servers["mailroom"], transport, name, rdtype))
        theirs = dig_sections(dig(servers["named"], transport, name, rdtype))
        assert ours == theirs, f"{name} {rdtype}"


def transfer(port: int, keyring=None, keyname=None):
    return list(dns.query.xfr("127.0.0.1", "example.test", port=port, keyring=keyring, keyname=keyname,
                              keyalgorithm="hmac-sha256", timeout=10, lifetime=20, relativize=False))


def test_axfr_with_the_key_matches_named(servers):
    ring = dns.tsigkeyring.from_text({TSIG_NAME: ("hmac-sha256", TSIG_SECRET)})
    keyname = dns.name.from_text(TSIG_NAME)

    def records(port):
        msgs = transfer(port, ring, keyname)
        assert all(m.had_tsig for m in msgs), "every message of the transfer is signed (RFC 8945 §5.3.1)"
        rrs = [f"{rr.name} {rr.ttl} {dns.rdatatype.to_text(rr.rdtype)} {rd}" for m in msgs for rr in m.answer
               for rd in rr]
        assert rrs[0] == rrs[-1] and " SOA " in rrs[0], "starts and ends with the SOA (RFC 5936 §2.2)"
        return sorted(rrs[1:-1])

    assert records(servers["mailroom"]) == records(servers["named"])


def test_axfr_without_the_key_is_refused(servers):
    with pytest.raises(dns.xfr.TransferError) as refused:
        transfer(servers["mailroom"])
    assert "REFUSED" in str(refused.value)


def test_axfr_with_a_wrong_secret_is_refused(servers):
    ring = dns.tsigkeyring.from_text({TSIG_NAME: ("hmac-sha256", base64.b64encode(b"x" * 32).decode())})
    with pytest.raises(Exception):
        transfer(servers["mailroom"], ring, dns.name.from_text(TSIG_NAME))


def test_garbage_gets_formerr_or_silence_and_service_goes_on(servers):
    import socket
    port = servers["mailroom"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.5)
        for junk in (b"\x12\x34", b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xc0\x0c\x00\x01\x00\x01",
                     bytes(range(256)) * 2):
            s.sendto(junk, ("127.0.0.1", port))
            try:
                reply = s.recv(4096)
                assert reply[:2] == junk[:2] and reply[3] & 0x0f == dns.rcode.FORMERR, reply
            except TimeoutError:
                pass
    r = ask(port, "example.test", "SOA", tcp=False, rd=False, edns=False)
    assert r.rcode() == dns.rcode.NOERROR


def test_stalled_tcp_client_is_timed_out_and_others_are_served(tmp_path):
    """RFC 7766 §6.2.3: half a length prefix, then silence, is closed after dns_tcp_timeout."""
    import socket
    from conftest import BINARY, clean_env
    zones = write_zones(tmp_path / "zones")
    port = free_port()
    conf = tmp_path / "mailroom.cf"
    conf.write_text(f"protocols = dns\ninet_interfaces = 127.0.0.1\ndata_directory = {tmp_path / 'data'}\n"
                    f"dns_port = {port}\ndns_tcp_timeout = 1s\ndns_zones = example.test={zones['example.test']}\n")
    proc = subprocess.Popen([str(BINARY), "serve", "--config", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, env=clean_env())
    try:
        wait_for_udp(port)
        with socket.create_connection(("127.0.0.1", port), timeout=20) as stalled:
            stalled.sendall(b"\x00")  # half a length prefix, then nothing
            r = ask(port, "example.test", "MX", tcp=True, rd=False, edns=False)
            assert r.rcode() == dns.rcode.NOERROR
            assert stalled.recv(10) == b"", "the stalled connection is closed"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_dns_check_lists_what_named_checkzone_lists(servers):
    from conftest import run
    zone = servers["work"] / "zones" / "example.test.zone"
    ours = run("dns", "check", zone, "--origin", "example.test")
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(["named-checkzone", "-D", "-o", "-", "example.test", str(zone)],
                            capture_output=True, text=True, timeout=30)
    assert theirs.returncode == 0, theirs.stderr

    def records(text):
        return sorted(" ".join(line.split()).lower() for line in text.splitlines()
                      if line and not line.startswith(("zone ", ";")))
    assert records(ours.stdout) == records(theirs.stdout)


def test_dns_check_finds_the_origin_in_named_conf(servers):
    from conftest import run
    conf = servers["work"] / "mailroom.cf"
    r = run("dns", "check", servers["work"] / "zones" / "example.net.zone", "--config", conf)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^example\.net\.\s+3600\s+IN\s+MX\s+5 mail\.example\.test\.$", r.stdout, re.M), r.stdout


def test_dns_records_prints_zone_lines_a_zone_file_accepts(tmp_path):
    from conftest import run
    conf = tmp_path / "mailroom.cf"
    conf.write_text("myhostname = mail.example.test\nmydomain = example.test\ninet_interfaces = 192.0.2.25\n"
                    f"data_directory = {tmp_path / 'data'}\nprotocols = smtp submission imap pop3\n")
    r = run("dns", "records", "example.test", "--config", conf)
    assert r.returncode == 0, r.stderr
    zone = tmp_path / "example.test.zone"
    zone.write_text("$TTL 1h\n@ IN SOA ns1 hostmaster 1 1h 15m 1w 1h\n@ IN NS ns1\nns1 IN A 192.0.2.53\n" + r.stdout)
    check = subprocess.run(["named-checkzone", "example.test", str(zone)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
    for wanted in (r"^example\.test\.\s+3600\s+IN\s+MX\s+10 mail\.example\.test\.$",
                   r"^mail\.example\.test\.\s+3600\s+IN\s+A\s+192\.0\.2\.25$",
                   r'^example\.test\.\s+3600\s+IN\s+TXT\s+"v=spf1 mx -all"$',
                   r'^_dmarc\.example\.test\.\s+3600\s+IN\s+TXT\s+"v=DMARC1; p=quarantine;',
                   r"^_submission\._tcp\.example\.test\.\s+3600\s+IN\s+SRV\s+0 1 587 mail\.example\.test\.$"):
        assert re.search(wanted, r.stdout, re.M), (wanted, r.stdout)


def serial(port: int) -> int:
    return ask(port, "example.test", "SOA", tcp=False, rd=False, edns=False).answer[0][0].serial


def wait_for_serial(port: int, wanted: int, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serial(port) == wanted:
            return
        time.sleep(0.1)
    raise AssertionError(f"serial {wanted} not served after {timeout} s (still {serial(port)})")


def test_edited_zone_is_served_without_restart_and_a_broken_edit_keeps_the_old(tmp_path):
    from conftest import BINARY, clean_env
    zones = write_zones(tmp_path / "zones")
    port = free_port()
    conf = tmp_path / "mailroom.cf"
    conf.write_text(f"protocols = dns\ninet_interfaces = 127.0.0.1\ndata_directory = {tmp_path / 'data'}\n"
                    f"dns_port = {port}\ndns_zones = example.test={zones['example.test']}\n")
    log = tmp_path / "serve.log"
    proc = subprocess.Popen([str(BINARY), "serve", "--config", str(conf)], stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, env=clean_env())
    try:
        wait_for_udp(port)
        assert serial(port) == 2024060101
        # An edit in place is noticed on its own, and no query goes unanswered while the zone is swapped.
        import threading
        stop, failures, answered = threading.Event(), [], [0]

        def hammer():
            while not stop.is_set():
                try:
                    r = ask(port, "mail.example.test", "A", False, False, False)
                    if r.rcode() != dns.rcode.NOERROR or not r.answer:
                        failures.append(r.rcode())
                    answered[0] += 1
                except Exception as error:  # a timeout is a dropped query
                    failures.append(error)
        worker = threading.Thread(target=hammer)
        worker.start()
        try:
            zones["example.test"].write_text(ZONE.replace("2024060101", "2024060102") + "new IN A 192.0.2.99\n")
            wait_for_serial(port, 2024060102)
            time.sleep(0.5)
        finally:
            stop.set()
            worker.join()
        assert not failures and answered[0] > 10, (failures, answered)
        assert ask(port, "new.example.test", "A", False, False, False).answer[0][0].address == "192.0.2.99"
        # An edit without a newer serial is served too, with BIND's warning about secondaries.
        zones["example.test"].write_text(ZONE.replace("2024060101", "2024060102") + "new IN A 192.0.2.98\n")
        deadline = time.monotonic() + 30
        while ask(port, "new.example.test", "A", False, False, False).answer[0][0].address != "192.0.2.98":
            assert time.monotonic() < deadline, "the edit was not served"
            time.sleep(0.1)
        assert "is not newer than 2024060102" in log.read_text(errors="replace")
        # A broken edit is reported and the zone that loaded goes on being served.
        zones["example.test"].write_text(ZONE.replace("2024060101", "2024060103") + "bad IN MX notanumber\n")
        deadline = time.monotonic() + 30
        while "MX preference" not in log.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "example.test.zone:" in log.read_text(errors="replace")
        assert serial(port) == 2024060102
        # A replaced file (as an editor that renames writes it), with the SIGHUP BIND users send: the
        # signal reloads and does not stop the server.
        fixed = tmp_path / "fixed.zone"
        fixed.write_text(ZONE.replace("2024060101", "2024060104"))
        fixed.replace(zones["example.test"])
        proc.send_signal(signal.SIGHUP)
        wait_for_serial(port, 2024060104)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.parametrize("server", ["named", "mailroom"])
def test_dns_lookup_shows_the_delivery_plan_through_a_real_server(servers, server, tmp_path):
    """mailroom's resolver, asking BIND's named and mailroom's own server, as delivery will."""
    from conftest import run
    conf = tmp_path / "resolver.cf"
    conf.write_text(f"data_directory = {tmp_path / 'data'}\nresolver = 127.0.0.1:{servers[server]}\n")
    mx = run("dns", "lookup", "example.test", "--config", conf)
    assert mx.returncode == 0, mx.stderr
    assert mx.stdout.splitlines() == ["10 mail.example.test. 127.0.0.1 2001:db8::25",
                                      "20 backup.example.net. 198.51.100.9"]
    null = run("dns", "lookup", "nullmx.example.test", "--config", conf)
    assert "null MX" in null.stdout and null.returncode == 0
    implicit = run("dns", "lookup", "mail.example.test", "MX", "--config", conf)
    assert "implicit MX" in implicit.stdout and "0 mail.example.test. 127.0.0.1 2001:db8::25" in implicit.stdout
    dmarc = run("dns", "lookup", "_dmarc.example.test", "TXT", "--config", conf)
    assert '"v=DMARC1; p=reject;" " rua=mailto:postmaster@example.test"' in dmarc.stdout
    missing = run("dns", "lookup", "nothere.example.test", "--config", conf)
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1, missing.stderr
    assert "nothere.example.test" in missing.stderr and "temporary" not in missing.stderr


def test_dns_lookup_with_no_server_answering_is_temporary(tmp_path):
    from conftest import run
    conf = tmp_path / "resolver.cf"
    conf.write_text(f"data_directory = {tmp_path / 'data'}\nresolver = 127.0.0.1:{free_port()}\n")
    r = run("dns", "lookup", "example.test", "--config", conf, timeout=120)
    assert r.returncode == 1 and "temporary" in r.stderr, r.stderr
