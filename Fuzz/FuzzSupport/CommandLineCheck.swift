/// The checks a command-line grammar (SMTP, POP3) must pass for one line, CRLF removed:
/// - a refusal is one line on the wire starting with `refusalPrefix`, so client text cannot forge
///   replies;
/// - the verb is case-insensitive: the line with its leading letters' case flipped gives the same result;
/// - a parsed command passes `accepted`, and written back by `render` parses to the same command.
public func checkCommandLine<Command: Equatable, Failure: Error & Equatable>(
    _ line: [UInt8],
    parse: ([UInt8]) -> Result<Command, Failure>,
    refusal: (Failure) -> String,
    refusalPrefix: String,
    render: (Command) -> String,
    accepted: (Command) -> Void = { _ in }
) {
    let result = parse(line)
    fuzzCheck(parse(flippingCaseOfLeadingLetters(line)) == result, "verb case changed the result: \(result)")
    switch result {
    case .failure(let error):
        let wire = refusal(error)
        fuzzCheck(wire.hasPrefix(refusalPrefix) && wire.hasSuffix("\r\n")
                  && wire.utf8.filter({ $0 == 10 || $0 == 13 }).count == 2,
                  "refusal is not one \(refusalPrefix) line: \(wire.debugDescription)")
    case .success(let command):
        accepted(command)
        let canonical = render(command)
        let again = parse(Array(canonical.utf8))
        fuzzCheck(again == .success(command), "\(canonical.debugDescription) parses to \(again), not \(command)")
    }
}
