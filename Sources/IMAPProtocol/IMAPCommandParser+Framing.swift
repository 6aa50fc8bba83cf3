import NIOCore

// MARK: - Framing: lines, literals, messages, skipping (RFC 9051 §2.2, §4.3; RFC 7888)

extension IMAPCommandParser {
    /// Bytes of a skipped line's end kept to find a `{n+}` there (an announcement with 18 digits, the most
    /// a size may have, is 23 octets).
    static let skipTailLength = 32

    /// One unit of work; false when nothing can be done until more bytes arrive.
    mutating func step() -> Bool {
        switch state {
        case .closed:
            input.clear()
            return false
        case .line, .appendLine:
            return readLine()
        case .literal(let remaining):
            guard remaining > 0 else {
                awaitingLiteral = false
                state = .line
                lineStart = command.count
                return true
            }
            let count = min(remaining, input.readableBytes)
            guard count > 0 else { return false }
            awaitingLiteral = false
            command.append(contentsOf: input.readableBytesView.prefix(count))
            input.moveReaderIndex(forwardBy: count)
            state = .literal(remaining: remaining - count)
            return true
        case .message(let remaining, let tag):
            guard remaining > 0 else {
                awaitingLiteral = false
                pending.append(.append(.endMessage))
                resetCommand()
                state = .appendLine(tag: tag)
                return true
            }
            let count = min(remaining, input.readableBytes)
            guard count > 0, let bytes = input.readSlice(length: count) else { return false }
            awaitingLiteral = false
            pending.append(.append(.messageBytes(bytes)))
            state = .message(remaining: remaining - count, tag: tag)
            return true
        case .skipping(let discard, let tail, let truncated):
            return skip(discard: discard, tail: tail, truncated: truncated)
        }
    }

    /// Moves the available bytes of the current line into `command`, within ``IMAPLimits/commandLength``.
    private mutating func readLine() -> Bool {
        let view = input.readableBytesView
        guard !view.isEmpty else { return false }
        let lineFeed = view.firstIndex(of: 10)
        let available = (lineFeed.map { $0 + 1 } ?? view.endIndex) - view.startIndex
        let capacity = limits.commandLength - textLength
        guard available <= capacity else {
            // The line as far as the limit, so the tag and the skipped tail are the same however the
            // reads were cut.
            command.append(contentsOf: view.prefix(capacity))
            input.moveReaderIndex(forwardBy: capacity)
            let line = command[lineStart...]
            let error = IMAPCommandError(.commandTooLong, tag: currentTag, text: "Command line too long")
            pending.append(.error(error))
            mode = .commands
            let tail = Array(line.suffix(Self.skipTailLength))
            resetCommand()
            state = .skipping(discard: 0, tail: tail, truncated: line.count > tail.count)
            return true
        }
        command.append(contentsOf: view.prefix(available))
        input.moveReaderIndex(forwardBy: available)
        textLength += available
        if lineFeed != nil { lineEnded() }
        return true
    }

    /// The tag of the command being read, for an error: the APPEND's, or the first line's when readable.
    private var currentTag: String? {
        if case .appendLine(let tag) = state { return tag }
        guard mode == .commands else { return nil }
        var cursor = GrammarCursor(command)
        guard let tag = try? cursor.tag(), cursor.peek == UInt8(ascii: " ") else { return nil }
        return tag
    }

    /// A line of `command` is complete.
    private mutating func lineEnded() {
        if case .appendLine(let tag) = state {
            appendLineEnded(tag: tag)
            return
        }
        switch mode {
        case .commands: commandLineEnded()
        case .idle: modeLineEnded(idle: true)
        case .authentication: modeLineEnded(idle: false)
        }
    }

    private mutating func commandLineEnded() {
        if lineStart == 0, command.allSatisfy({ $0 == 13 || $0 == 10 }) {
            resetCommand()
            return
        }
        guard let literal = TrailingLiteral.find(in: command[lineStart...]) else {
            switch CommandGrammar.parse(command, limits: limits) {
            case .success(let command): pending.append(.command(command))
            case .failure(let error): pending.append(.error(error))
            }
            resetCommand()
            return
        }
        literalAnnounced(literal)
    }

    /// The one line of IDLE (`DONE`, RFC 2177 §3) or of an AUTHENTICATE exchange (`base64` or `*`, RFC 9051
    /// §6.2.2). The mode ends with the line, whatever it held.
    private mutating func modeLineEnded(idle: Bool) {
        mode = .commands
        var cursor = GrammarCursor(command)
        let part: CommandStreamPart?
        if idle {
            part = cursor.takeWord("DONE") && cursor.atLineEnd ? .idleDone : nil
        } else if cursor.take(UInt8(ascii: "*")) {
            part = cursor.atLineEnd ? .authenticationResponse(.cancel) : nil
        } else {
            part = (try? cursor.base64()).flatMap { cursor.atLineEnd ? .authenticationResponse(.response($0)) : nil }
        }
        if let part {
            pending.append(part)
            resetCommand()
            return
        }
        let error = idle
            ? IMAPCommandError(.expectedDone, tag: nil, text: "Expected DONE")
            : IMAPCommandError(.invalidAuthenticationResponse, tag: nil, text: "Invalid authentication response")
        if let literal = TrailingLiteral.find(in: command[...]) {
            refuse(error, literal)
        } else {
            pending.append(.error(error))
            resetCommand()
        }
    }

    /// Skips the rest of a refused command: discards a `{n+}` literal's octets, then reads to the end of
    /// the line, keeping its last octets to see whether another `{n+}` continues the command.
    private mutating func skip(discard: Int, tail: [UInt8], truncated: Bool) -> Bool {
        if discard > 0 {
            let count = min(discard, input.readableBytes)
            guard count > 0 else { return false }
            input.moveReaderIndex(forwardBy: count)
            state = .skipping(discard: discard - count, tail: [], truncated: false)
            return true
        }
        let view = input.readableBytesView
        guard !view.isEmpty else { return false }
        let lineFeed = view.firstIndex(of: 10)
        let chunk = view[view.startIndex..<(lineFeed.map { $0 + 1 } ?? view.endIndex)]
        let joined = tail + chunk.suffix(Self.skipTailLength)
        let newTail = Array(joined.suffix(Self.skipTailLength))
        let newTruncated = truncated || tail.count + chunk.count > newTail.count
        input.moveReaderIndex(forwardBy: chunk.count)
        guard lineFeed != nil else {
            state = .skipping(discard: 0, tail: newTail, truncated: newTruncated)
            return true
        }
        guard let literal = TrailingLiteral.find(in: newTail[...], truncated: newTruncated), literal.nonSynchronizing else {
            state = .line
            return true
        }
        guard let size = literal.size, size <= limits.discardableLiteralSize else {
            pending.append(.error(IMAPCommandError(.literalTooBigToDiscard, tag: nil, text: "Literal too big")))
            close()
            return true
        }
        state = .skipping(discard: size, tail: [], truncated: false)
        return true
    }

    /// Forgets the command being framed.
    mutating func resetCommand() {
        command.removeAll(keepingCapacity: command.capacity <= 4096)
        lineStart = 0
        textLength = 0
        literalLength = 0
        awaitingLiteral = false
    }

    /// Stops reading: the session is to close the connection.
    mutating func close() {
        resetCommand()
        input.clear()
        state = .closed
    }
}
