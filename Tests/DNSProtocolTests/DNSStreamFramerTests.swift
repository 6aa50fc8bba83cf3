import Testing

@testable import DNSProtocol

@Suite("DNS stream framing")
struct DNSStreamFramerTests {
    @Test("RFC 1035 §4.2.2: messages split anywhere are put back together")
    func split() {
        var framer = DNSStreamFramer()
        framer.append([0])
        #expect(framer.nextMessage() == nil)
        framer.append([3, 1, 2])
        #expect(framer.nextMessage() == nil)
        framer.append([3, 0, 1, 9, 0, 0])
        #expect(framer.nextMessage() == [1, 2, 3])
        #expect(framer.nextMessage() == [9])
        #expect(framer.nextMessage() == [])
        #expect(framer.nextMessage() == nil)
    }
}
