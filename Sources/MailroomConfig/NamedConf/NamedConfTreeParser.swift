/// Turns named.conf tokens into generic statements, following `include` statements.
///
/// `include "FILE";` (BIND ARM "include Statement Grammar") is replaced by the statements of
/// the included file wherever a statement may start. BIND only allows it where a statement or
/// option may appear; mailroom also accepts it inside address match lists, which is harmless. The include closure receives the path
/// exactly as written; resolving a relative path is its business (see `NamedConf.load`).
struct NamedConfTreeParser {
    /// Reads an included file by the path written in the `include` statement.
    typealias Reader = (String) throws -> String

    /// Includes nested deeper than this are taken to be a loop nobody meant.
    static let maximumIncludeDepth = 16

    private let tokens: [NamedConfToken]
    private let file: String
    private let reader: Reader
    private let includeStack: [String]
    private var position = 0

    private init(tokens: [NamedConfToken], file: String, reader: @escaping Reader, includeStack: [String]) {
        self.tokens = tokens
        self.file = file
        self.reader = reader
        self.includeStack = includeStack
    }

    /// The top-level statements of `text`, includes expanded.
    static func statements(
        of text: String, file: String, reader: @escaping Reader, includeStack: [String] = []
    ) throws(ConfigError) -> [NamedConfStatement] {
        let tokens = try NamedConfLexer.tokens(of: text, file: file)
        var parser = NamedConfTreeParser(tokens: tokens, file: file, reader: reader, includeStack: includeStack + [file])
        let statements = try parser.body(openedAt: nil)
        return statements
    }

    /// Statements up to the `}` that closes the block opened at line `openedAt`, or to the
    /// end of the text at the top level (`openedAt == nil`).
    private mutating func body(openedAt: Int?) throws(ConfigError) -> [NamedConfStatement] {
        var statements: [NamedConfStatement] = []
        while true {
            guard position < tokens.count else {
                if let openedAt {
                    throw ConfigError(.syntax, file: file, line: openedAt, message: "unterminated block: \"{\" is never closed by \"}\"")
                }
                return statements
            }
            let token = tokens[position]
            switch token.kind {
            case .close:
                guard openedAt != nil else {
                    throw ConfigError(.syntax, file: file, line: token.line, message: "unexpected \"}\" with no open block")
                }
                position += 1
                return statements
            case .semicolon:
                // BIND rejects an empty statement; saying where helps find a doubled ";".
                throw ConfigError(.syntax, file: file, line: token.line, message: "unexpected \";\" (empty statement)")
            default:
                let statement = try self.statement()
                if statement.keyword == "include" {
                    statements += try include(statement)
                } else {
                    statements.append(statement)
                }
            }
        }
    }

    private mutating func statement() throws(ConfigError) -> NamedConfStatement {
        let first = tokens[position].line
        var terms: [NamedConfTerm] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token.kind {
            case .semicolon:
                return NamedConfStatement(terms: terms, file: file, line: first)
            case .word(let text): terms.append(NamedConfTerm(kind: .word(text), line: token.line))
            case .string(let text): terms.append(NamedConfTerm(kind: .string(text), line: token.line))
            case .bang: terms.append(NamedConfTerm(kind: .bang, line: token.line))
            case .open:
                let inner = try body(openedAt: token.line)
                terms.append(NamedConfTerm(kind: .block(inner), line: token.line))
            case .close:
                let after = terms.last?.display ?? token.display
                throw ConfigError(.syntax, file: file, line: token.line, message: "missing \";\" after \(after) before \"}\"")
            }
        }
        let after = terms.last?.display ?? "statement"
        throw ConfigError(.syntax, file: file, line: terms.last?.line ?? first, message: "missing \";\" after \(after) at end of file")
    }

    private func include(_ statement: NamedConfStatement) throws(ConfigError) -> [NamedConfStatement] {
        try statement.expectCount(2, usage: "include \"FILE\";")
        guard case .string(let path) = statement.terms[1].kind else {
            throw statement.error(.syntax, "include needs a quoted file name", at: statement.terms[1])
        }
        if includeStack.contains(path) {
            throw statement.error(.cycle, "include \"\(path)\" forms a loop (the file is already being read)")
        }
        if includeStack.count > Self.maximumIncludeDepth {
            throw statement.error(.invalidValue, "include \"\(path)\" nests includes more than \(Self.maximumIncludeDepth) deep")
        }
        let text: String
        do {
            text = try reader(path)
        } catch let error as ConfigError {
            throw statement.error(.unreadable, "include \"\(path)\": \(error.message)")
        } catch {
            throw statement.error(.unreadable, "include \"\(path)\": \(error)")
        }
        return try Self.statements(of: text, file: path, reader: reader, includeStack: includeStack)
    }
}
