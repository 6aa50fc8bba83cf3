extension BodyStructure {
    /// A leaf of the tree (RFC 9051 §7.5.2 body-type-1part with body-ext-1part).
    public struct SinglePart: Hashable, Sendable {
        /// body-fields and the extension data: media type and subtype (``MIMEFields/contentType``), body-fld-param,
        /// body-fld-id, body-fld-desc, body-fld-enc; body-fld-md5, body-fld-dsp, body-fld-lang, body-fld-loc.
        public var fields: MIMEFields
        /// body-fld-octets: the size of the content in its transfer encoding, as sent (CRLF line ends).
        public var octets: Int
        public var kind: Kind

        public init(fields: MIMEFields, octets: Int, kind: Kind) {
            self.fields = fields
            self.octets = octets
            self.kind = kind
        }
    }

    /// What follows body-fields for each kind of single part.
    public enum Kind: Hashable, Sendable {
        /// body-type-basic: nothing.
        case basic
        /// body-type-text (media type text): body-fld-lines.
        case text(lines: Int)
        /// body-type-msg (message/rfc822 and message/global): the encapsulated message's envelope and body,
        /// and the part's body-fld-lines.
        case message(envelope: Envelope, body: BodyStructure, lines: Int)
    }
}
