extension BodyStructure {
    /// A multipart (RFC 9051 §7.5.2 body-type-mpart with body-ext-mpart).
    public struct Multipart: Hashable, Sendable {
        /// The body parts, at least one.
        public var parts: [BodyStructure]
        /// The subtype (``MIMEFields/contentType``) and the extension data: body-fld-param, body-fld-dsp,
        /// body-fld-lang, body-fld-loc. The other fields are not sent for a multipart.
        public var fields: MIMEFields

        public init(parts: [BodyStructure], fields: MIMEFields) {
            self.parts = parts
            self.fields = fields
        }
    }
}
