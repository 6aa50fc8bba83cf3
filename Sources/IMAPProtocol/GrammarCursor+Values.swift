// MARK: - Sequence sets, flags, dates (RFC 9051 §9)

extension GrammarCursor {
    // sequence-set = (seq-number / seq-range) ["," sequence-set] / seq-last-command
    // seq-range    = seq-number ":" seq-number
    mutating func sequenceSet() throws(GrammarError) -> SequenceSet {
        if take(UInt8(ascii: "$")) { return .lastCommand }
        var ranges: [SequenceRange] = []
        repeat {
            let first = try sequenceNumber()
            if take(UInt8(ascii: ":")) {
                ranges.append(SequenceRange(first, try sequenceNumber()))
            } else {
                ranges.append(SequenceRange(first))
            }
        } while take(UInt8(ascii: ","))
        return .ranges(ranges)
    }

    // seq-number = nz-number / "*"
    mutating func sequenceNumber() throws(GrammarError) -> SequenceNumber {
        if take(UInt8(ascii: "*")) { return .last }
        guard let first = peek else { throw .incomplete }
        guard (49...57).contains(first) else { throw .invalid("Invalid sequence set") }
        return .number(try nzNumber())
    }

    // flag-list = "(" [flag *(SP flag)] ")"
    // The flags a client sets (STORE, APPEND): \Recent is no `flag` and cannot be set by a client
    // (RFC 3501 §2.3.2; RFC 9051 keeps it only in `flag-fetch`), so it is refused, as Dovecot does.
    mutating func flagList() throws(GrammarError) -> [Flag] {
        try expect(UInt8(ascii: "("), "Expected a flag list")
        var flags: [Flag] = []
        if take(UInt8(ascii: ")")) { return flags }
        repeat {
            let flag = try flag()
            if flag == .recent { throw .invalid("\\Recent cannot be set") }
            flags.append(flag)
        } while take(UInt8(ascii: " "))
        try expect(UInt8(ascii: ")"), "Expected ) after the flags")
        return flags
    }

    // flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
    // flag-keyword = atom ; flag-extension = "\" atom
    mutating func flag() throws(GrammarError) -> Flag {
        let backslash = take(UInt8(ascii: "\\"))
        let name = String(decoding: try atom("Invalid flag"), as: UTF8.self)
        return Flag(parsing: backslash ? "\\" + name : name)
    }

    // date = date-text / DQUOTE date-text DQUOTE
    mutating func date() throws(GrammarError) -> IMAPDate {
        let quoted = take(UInt8(ascii: "\""))
        let date = try dateText(fixedDay: false)
        if quoted { try expect(UInt8(ascii: "\""), "Invalid date") }
        return date
    }

    // date-text = date-day "-" date-month "-" date-year   (date-day = 1*2DIGIT)
    // in date-time: date-day-fixed = (SP DIGIT) / 2DIGIT
    private mutating func dateText(fixedDay: Bool) throws(GrammarError) -> IMAPDate {
        if fixedDay { _ = take(UInt8(ascii: " ")) }
        let dayDigits = take(while: \.isASCIIDigit)
        guard (1...2).contains(dayDigits.count) else { throw isAtEnd ? .incomplete : .invalid("Invalid date") }
        try expect(UInt8(ascii: "-"), "Invalid date")
        let monthName = take(while: \.isASCIILetter)
        guard let month = IMAPDate.monthNames.firstIndex(where: { GrammarCursor.keyword(monthName) == $0.uppercased() })
        else { throw isAtEnd ? .incomplete : .invalid("Invalid month") }
        try expect(UInt8(ascii: "-"), "Invalid date")
        let year = try digits(4, "Invalid year")
        guard let date = IMAPDate(year: year, month: month + 1, day: Self.value(dayDigits)) else {
            throw .invalid("No such date")
        }
        return date
    }

    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    // time      = 2DIGIT ":" 2DIGIT ":" 2DIGIT
    // zone      = ("+" / "-") 4DIGIT
    mutating func dateTime() throws(GrammarError) -> IMAPDateTime {
        try expect(UInt8(ascii: "\""), "Expected a date-time")
        let date = try dateText(fixedDay: true)
        try space()
        let hour = try digits(2, "Invalid time")
        try expect(UInt8(ascii: ":"), "Invalid time")
        let minute = try digits(2, "Invalid time")
        try expect(UInt8(ascii: ":"), "Invalid time")
        let second = try digits(2, "Invalid time")
        try space()
        guard let sign = peek else { throw .incomplete }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { throw .invalid("Invalid time zone") }
        index += 1
        let zone = try digits(4, "Invalid time zone")
        try expect(UInt8(ascii: "\""), "Invalid date-time")
        guard zone % 100 < 60,
              let time = IMAPDateTime(date: date, hour: hour, minute: minute, second: second,
                                      zoneMinutes: (sign == UInt8(ascii: "-") ? -1 : 1) * (zone / 100 * 60 + zone % 100))
        else { throw .invalid("Invalid date-time") }
        return time
    }

    /// Exactly `count` digits.
    private mutating func digits(_ count: Int, _ message: String) throws(GrammarError) -> Int {
        let run = take(while: \.isASCIIDigit)
        guard run.count == count else { throw isAtEnd ? .incomplete : .invalid(message) }
        return Self.value(run)
    }

    private static func value(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// A parenthesised list of one or more items separated by single spaces.
    mutating func parenthesised<T>(_ item: (inout GrammarCursor) throws(GrammarError) -> T,
                                   allowEmpty: Bool = false) throws(GrammarError) -> [T] {
        try expect(UInt8(ascii: "("), "Expected (")
        var items: [T] = []
        if take(UInt8(ascii: ")")) {
            guard allowEmpty else { throw .invalid("Empty list") }
            return items
        }
        repeat {
            items.append(try item(&self))
        } while take(UInt8(ascii: " "))
        try expect(UInt8(ascii: ")"), "Expected )")
        return items
    }
}
