import Testing

@testable import DNSProtocol

@Suite("SerialNumber")
struct SerialNumberTests {
    @Test("RFC 1982 §3.2: later serials compare greater, across the wrap")
    func ordering() {
        #expect(SerialNumber(2024060101) < SerialNumber(2024060102))
        #expect(!(SerialNumber(2024060102) < SerialNumber(2024060101)))
        #expect(SerialNumber(4_294_967_295) < SerialNumber(5), "5 follows the wrap")
        #expect(!(SerialNumber(0) < SerialNumber(1 << 31)) && !(SerialNumber(1 << 31) < SerialNumber(0)))
    }
}
