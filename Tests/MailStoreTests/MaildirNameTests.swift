import Testing
@testable import MailStore

@Suite("Maildir file names: the key, Dovecot's W= size")
struct MaildirNameTests {
    @Test("the key is the name before the info and before Dovecot's fields")
    func keys() {
        #expect(MaildirReader.key(of: "1700000000.M12P3Q4.host,S=100,W=102:2,S") == "1700000000.M12P3Q4.host")
        #expect(MaildirReader.key(of: "1700000000.M12P3Q4.host:2,S") == "1700000000.M12P3Q4.host")
        #expect(MaildirReader.key(of: "1700000000.M12P3Q4.host") == "1700000000.M12P3Q4.host")
        #expect(MaildirReader.key(of: "réponse.été,S=1") == "réponse.été")
        #expect(MaildirReader.key(of: ":2,S") == "")
    }

    @Test("W= is read from the base name only, the first one, when numeric")
    func virtualSizes() {
        #expect(MaildirReader.virtualSize(of: "1.M1.h,S=100,W=102:2,S") == 102)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=7") == 7)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,S=100:2,W=5") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=x,W=3") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,,W=9,S=1") == 9)
        #expect(MaildirReader.virtualSize(of: "1.M1.h") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.hW=4") == nil)
    }

    @Test("a signed W= field is not a size (MaildirNameFuzzer)")
    func signedVirtualSize() {
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=-5") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=+5") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=") == nil)
    }

    @Test("a W= no message can have (the owner names the file) is not believed, so sums for STAT cannot overflow")
    func implausibleVirtualSize() {
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=9223372036854775807") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=99999999999999999999") == nil)
        #expect(MaildirReader.virtualSize(of: "1.M1.h,W=\(MaildirReader.largestBelievedSize)") == MaildirReader.largestBelievedSize)
    }

    @Test("a host name's separators are escaped even when a combining mark follows them (MaildirNameFuzzer)")
    func hostNameWithCombiningMarks() {
        let encoded = MaildirUniqueName.encode(hostName: "h,\u{34F}x/\u{301}y:\u{300}z")
        #expect(!encoded.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") })
        let name = MaildirUniqueName.withSizes("1.M1P2Q3." + encoded, size: 10, virtualSize: 12) + ":2,S"
        #expect(MaildirReader.key(of: name) == "1.M1P2Q3." + encoded)
    }
}
