import MailMessage
import NIOCore

// MARK: - Encoding of ENVELOPE, BODY and BODYSTRUCTURE

/// The wire form of MailMessage's ``MailMessage/Envelope`` and ``MailMessage/BodyStructure`` in FETCH
/// responses (RFC 9051 §7.5.2, RFC 3501 §7.4.2). Header values go out as the message holds them,
/// undecoded: the client decodes RFC 2047 words itself. 8-bit octets go in a literal unless the
/// session accepted UTF-8 (RFC 6855).
struct StructureEncoder {
    let style: IMAPString.Style

    init(options: ResponseEncodingOptions) {
        style = IMAPString.Style(utf8: options.utf8Accepted, nonSynchronizing: false)
    }

    ///     envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
    ///                SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    func write(_ envelope: Envelope, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("(")
        nstring(envelope.date?.bytes, &buffer)
        buffer.writeStaticString(" ")
        nstring(envelope.subject?.bytes, &buffer)
        for list in [envelope.from, envelope.sender, envelope.replyTo, envelope.to, envelope.cc, envelope.bcc] {
            buffer.writeStaticString(" ")
            write(list, into: &buffer)
        }
        buffer.writeStaticString(" ")
        nstring(envelope.inReplyTo?.bytes, &buffer)
        buffer.writeStaticString(" ")
        nstring(envelope.messageID?.bytes, &buffer)
        buffer.writeStaticString(")")
    }

    ///     env-from = "(" 1*address ")" / nil
    ///     address  = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    private func write(_ addresses: [Address], into buffer: inout ByteBuffer) {
        guard !addresses.isEmpty else {
            buffer.writeStaticString("NIL")
            return
        }
        buffer.writeStaticString("(")
        for address in addresses {
            buffer.writeStaticString("(")
            nstring(address.name?.bytes, &buffer)
            buffer.writeStaticString(" ")
            nstring(address.adl?.bytes, &buffer)
            buffer.writeStaticString(" ")
            nstring(address.mailbox?.bytes, &buffer)
            buffer.writeStaticString(" ")
            nstring(address.host?.bytes, &buffer)
            buffer.writeStaticString(")")
        }
        buffer.writeStaticString(")")
    }

    ///     body = "(" (body-type-1part / body-type-mpart) ")"
    ///
    /// `extensible` writes the extension data of BODYSTRUCTURE; BODY leaves it out.
    func write(_ body: BodyStructure, extensible: Bool, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("(")
        switch body {
        case .singlepart(let part):
            write(part, extensible: extensible, into: &buffer)
        case .multipart(let multipart):
            // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
            for child in multipart.parts {
                write(child, extensible: extensible, into: &buffer)
            }
            buffer.writeStaticString(" ")
            string(multipart.fields.contentType.subtype.utf8, &buffer)
            if extensible {
                // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
                buffer.writeStaticString(" ")
                write(multipart.fields.contentType.parameters, into: &buffer)
                writeExtensionTail(multipart.fields, into: &buffer)
            }
        }
        buffer.writeStaticString(")")
    }

    ///     body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
    private func write(_ part: BodyStructure.SinglePart, extensible: Bool, into buffer: inout ByteBuffer) {
        let fields = part.fields
        // media-basic / media-message / media-text, then body-fields.
        string(fields.contentType.type.utf8, &buffer)
        buffer.writeStaticString(" ")
        string(fields.contentType.subtype.utf8, &buffer)
        buffer.writeStaticString(" ")
        write(fields.contentType.parameters, into: &buffer)
        buffer.writeStaticString(" ")
        nstring(fields.contentID?.bytes, &buffer)
        buffer.writeStaticString(" ")
        nstring(fields.contentDescription?.bytes, &buffer)
        buffer.writeStaticString(" ")
        string(fields.contentTransferEncoding.bytes, &buffer)
        buffer.writeStaticString(" ")
        number(part.octets, &buffer)
        switch part.kind {
        case .basic:
            break
        case .text(let lines):
            buffer.writeStaticString(" ")
            number(lines, &buffer)
        case .message(let envelope, let body, let lines):
            buffer.writeStaticString(" ")
            write(envelope, into: &buffer)
            buffer.writeStaticString(" ")
            write(body, extensible: extensible, into: &buffer)
            buffer.writeStaticString(" ")
            number(lines, &buffer)
        }
        if extensible {
            // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
            buffer.writeStaticString(" ")
            nstring(fields.contentMD5?.bytes, &buffer)
            writeExtensionTail(fields, into: &buffer)
        }
    }

    /// SP body-fld-dsp SP body-fld-lang SP body-fld-loc, shared by both kinds of extension data.
    private func writeExtensionTail(_ fields: MIMEFields, into buffer: inout ByteBuffer) {
        // body-fld-dsp = "(" string SP body-fld-param ")" / nil
        buffer.writeStaticString(" ")
        if let disposition = fields.contentDisposition {
            buffer.writeStaticString("(")
            string(disposition.type.utf8, &buffer)
            buffer.writeStaticString(" ")
            write(disposition.parameters, into: &buffer)
            buffer.writeStaticString(")")
        } else {
            buffer.writeStaticString("NIL")
        }
        // body-fld-lang = nstring / "(" string *(SP string) ")"
        buffer.writeStaticString(" ")
        switch fields.contentLanguage.count {
        case 0: buffer.writeStaticString("NIL")
        case 1: string(fields.contentLanguage[0].bytes, &buffer)
        default:
            buffer.writeStaticString("(")
            for (index, tag) in fields.contentLanguage.enumerated() {
                if index > 0 { buffer.writeStaticString(" ") }
                string(tag.bytes, &buffer)
            }
            buffer.writeStaticString(")")
        }
        // body-fld-loc = nstring
        buffer.writeStaticString(" ")
        nstring(fields.contentLocation?.bytes, &buffer)
    }

    ///     body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    private func write(_ parameters: [MIMEParameter], into buffer: inout ByteBuffer) {
        guard !parameters.isEmpty else {
            buffer.writeStaticString("NIL")
            return
        }
        buffer.writeStaticString("(")
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { buffer.writeStaticString(" ") }
            string(parameter.name.utf8, &buffer)
            buffer.writeStaticString(" ")
            string(parameter.value.bytes, &buffer)
        }
        buffer.writeStaticString(")")
    }

    private func string(_ bytes: some Collection<UInt8>, _ buffer: inout ByteBuffer) {
        IMAPString.writeString(bytes, into: &buffer, style: style)
    }

    private func nstring(_ bytes: [UInt8]?, _ buffer: inout ByteBuffer) {
        IMAPString.writeNString(bytes, into: &buffer, style: style)
    }

    private func number(_ value: Int, _ buffer: inout ByteBuffer) {
        IMAPString.writeNumber(value, into: &buffer)
    }
}
