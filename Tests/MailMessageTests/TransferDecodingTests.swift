import MailMessage
import Testing

@Suite("Content transfer encodings (RFC 2045 §6.7, §6.8)")
struct TransferDecodingTests {
    static func qp(_ text: String) -> String {
        String(decoding: TransferDecoding.quotedPrintable(Array(text.utf8)), as: UTF8.self)
    }

    @Test("Quoted-printable: =XX octets, soft line breaks, trailing white space removed, stray '=' kept", arguments: [
        ("caf=C3=A9", "café"),
        ("caf=c3=a9", "café"),
        ("soft=\r\nbreak", "softbreak"),
        ("soft=  \r\nbreak", "softbreak"),
        ("soft=\nbreak", "softbreak"),
        ("trailing   \r\nspace\t\r\n", "trailing\r\nspace\r\n"),
        ("a = b", "a = b"),
        ("=ZZ=4", "=ZZ=4"),
        ("end=", "end"),
        ("=3D=\r\n", "="),
        ("lf only\nkept\n", "lf only\nkept\n"),
        ("==41", "=A"),
        ("a\t=\r\n\tb", "a\t\tb"),
        ("x\ry\r\n", "x\ry\r\n"),
        ("", ""),
    ])
    func quotedPrintable(encoded: String, decoded: String) {
        #expect(Self.qp(encoded) == decoded)
    }

    @Test("Base64: line ends and garbage ignored, padding anywhere ends a quantum, a short tail gives what it can", arguments: [
        ("SGVsbG8=", "Hello"),
        ("SGVs\r\nbG8=", "Hello"),
        ("S G V s b G 8 = !!!", "Hello"),
        ("SGVsbG8", "Hello"),
        ("SGVsbA==SGVsbG8=", "HellHello"),
        ("SGVsbG8gV29ybGQ=\r\n", "Hello World"),
        ("S", ""),
        ("QQ=QQ==", "AA"),
        ("Q=QUJD", "ABC"),
        ("*&^%$#", ""),
    ])
    func base64(encoded: String, decoded: String) {
        #expect(String(decoding: TransferDecoding.base64(Array(encoded.utf8)), as: UTF8.self) == decoded)
    }

    @Test("TransferEncoding names without case; identity encodings pass content through")
    func encodings() {
        #expect(TransferEncoding("BASE64") == .base64)
        #expect(TransferEncoding("Quoted-Printable") == .quotedPrintable)
        #expect(TransferEncoding("x-uuencode") == .other("x-uuencode"))
        #expect(TransferEncoding("8bit").decode(Array("a=3D".utf8)) == Array("a=3D".utf8))
        #expect(TransferEncoding("8bit").isIdentity && !TransferEncoding("base64").isIdentity)
    }
}
