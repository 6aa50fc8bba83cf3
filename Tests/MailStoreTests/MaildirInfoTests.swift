import MailIndex
import Testing
@testable import MailStore

@Suite("Maildir info flags (https://cr.yp.to/proto/maildir.html)")
struct MaildirInfoTests {
    let keywords = ["$Junk", "NonJunk", "Work"]

    @Test("letters as mutt, Dovecot and mbsync write them", arguments: [
        ("1700000000.M1P2.host,S=10,W=12:2,", MessageFlags()),
        ("1700000000.M1P2.host:2,S", MessageFlags(system: [.seen])),
        ("1700000000.M1P2.host:2,DFRST", MessageFlags(system: [.draft, .flagged, .answered, .seen, .deleted])),
        ("1700000000.M1P2.host:2,PS", MessageFlags(system: [.seen], keywords: ["$Forwarded"])),
        ("1700000000.M1P2.host:2,Sac", MessageFlags(system: [.seen], keywords: ["$Junk", "Work"])),
        ("1700000000.M1P2.host:2,Sz", MessageFlags(system: [.seen])),
        ("1700000000.M1P2.host", MessageFlags()),
        ("1700000000.M1P2.host:2,XS", MessageFlags(system: [.seen])),
    ])
    func read(name: String, flags: MessageFlags) {
        #expect(MaildirInfo.flags(ofName: name, keywords: keywords) == flags)
    }

    @Test("written in ASCII order, each letter once, replacing the old info")
    func write() {
        let flags = MessageFlags(system: [.seen, .answered, .flagged], keywords: ["work", "$Forwarded", "Unlisted"])
        #expect(MaildirInfo.name("1.M2.h,S=5:2,T", with: flags, keywords: keywords) == "1.M2.h,S=5:2,FPRSc")
        #expect(MaildirInfo.name("1.M2.h", with: MessageFlags(), keywords: keywords) == "1.M2.h:2,")
        let name = MaildirInfo.name("1.M2.h:2,S", with: flags, keywords: keywords)
        #expect(MaildirInfo.flags(ofName: name, keywords: keywords)
                == MessageFlags(system: [.seen, .answered, .flagged], keywords: ["Work", "$Forwarded"]))
    }
}
