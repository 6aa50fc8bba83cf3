/// Where mail for a domain goes, as decided by RFC 5321 §5.1 and RFC 7505.
public enum MailExchangerAnswer: Hashable, Sendable {
    /// MX hosts in the order to try them: ascending preference, equal preferences shuffled
    /// (RFC 5321 §5.1 "randomize them to spread the load").
    case exchangers([MailExchanger])
    /// No MX RRset but the domain exists: it is its own implicit MX with preference 0
    /// (RFC 5321 §5.1), so deliver to the host's A/AAAA addresses.
    case implicit(DNSName)
    /// A null MX (RFC 7505 §3): the domain accepts no mail; the caller fails permanently
    /// (RFC 7505 §4.2 suggests 556 5.1.10).
    case nullMX
}
