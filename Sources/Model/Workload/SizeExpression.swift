/// An integer expression over knobs, as components write their allocation sizes:
/// `MBEDTLS_SSL_IN_CONTENT_LEN + 333`, `10 * 1600`, `max(2048, n * 13 / 512)`, `16K`.
/// Operators `+ - * /` (integer division), parentheses, `min(a, b)`, `max(a, b)`,
/// numbers in the forms `SizeParser` accepts (`57344`, `0xE000`, `56K`).
public indirect enum SizeExpression: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case knob(String)
    case binary(Character, SizeExpression, SizeExpression)
    case call(String, SizeExpression, SizeExpression)
    case negate(SizeExpression)

    /// Parses `text`; the message says what was expected where, for a diagnostic.
    public static func parse(_ text: String) -> Result<SizeExpression, ExpressionError> {
        var parser = ExpressionParser(Array(text))
        return Result { try parser.parseAll() }.mapError { $0 as? ExpressionError ?? ExpressionError(message: "\($0)") }
    }

    /// The value with `knobs` bound; an unknown knob or a division by zero is an error.
    public func evaluate(_ knobs: [String: Int]) -> Result<Int, ExpressionError> {
        switch self {
        case .number(let n): return .success(n)
        case .knob(let name):
            guard let v = knobs[name] else { return .failure(ExpressionError(message: "unknown knob \(name)")) }
            return .success(v)
        case .negate(let e):
            return e.evaluate(knobs).flatMap { v in
                v == .min ? .failure(ExpressionError(message: "\(self) overflows 64-bit arithmetic")) : .success(-v)
            }
        case .binary(let op, let a, let b):
            let x: Int, y: Int
            switch (a.evaluate(knobs), b.evaluate(knobs)) {
            case (.success(let l), .success(let r)): (x, y) = (l, r)
            case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
            }
            let (value, overflow): (Int, Bool)
            switch op {
            case "+": (value, overflow) = x.addingReportingOverflow(y)
            case "-": (value, overflow) = x.subtractingReportingOverflow(y)
            case "*": (value, overflow) = x.multipliedReportingOverflow(by: y)
            default:
                guard y != 0 else { return .failure(ExpressionError(message: "division by zero in \(self)")) }
                (value, overflow) = x.dividedReportingOverflow(by: y)
            }
            // A wrapped value would be a wrong size that looks valid.
            guard !overflow else { return .failure(ExpressionError(message: "\(self) overflows 64-bit arithmetic")) }
            return .success(value)
        case .call(let name, let a, let b):
            switch (a.evaluate(knobs), b.evaluate(knobs)) {
            case (.success(let l), .success(let r)): return .success(name == "min" ? min(l, r) : max(l, r))
            case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
            }
        }
    }

    /// Knob names the expression uses.
    public var knobs: Set<String> {
        switch self {
        case .number: []
        case .knob(let n): [n]
        case .negate(let e): e.knobs
        case .binary(_, let a, let b), .call(_, let a, let b): a.knobs.union(b.knobs)
        }
    }

    public var description: String {
        switch self {
        case .number(let n): "\(n)"
        case .knob(let n): n
        case .negate(let e): "-\(e)"
        case .binary(let op, let a, let b): "(\(a) \(op) \(b))"
        case .call(let f, let a, let b): "\(f)(\(a), \(b))"
        }
    }
}

/// Why an expression did not parse or evaluate.
public struct ExpressionError: Error, Equatable, Sendable {
    public var message: String
}

/// Recursive descent over the characters of one expression.
struct ExpressionParser {
    let text: [Character]
    var at = 0
    /// Parentheses, calls and minus signs open here; recursion past `maximumDepth` is refused, not a stack overflow.
    var depth = 0
    /// Far deeper than any size a component writes (the deepest shipped one nests 3).
    static let maximumDepth = 64
    /// Operators so far: a chain `1+1+…` builds a tree as deep as it is long, which evaluation walks recursively.
    var operators = 0
    static let maximumOperators = 256

    mutating func countOperator() throws {
        operators += 1
        guard operators <= Self.maximumOperators else {
            throw ExpressionError(message: "the expression has more than \(Self.maximumOperators) operators")
        }
    }

    init(_ text: [Character]) { self.text = text }

    mutating func parseAll() throws -> SizeExpression {
        let e = try sum()
        skipSpaces()
        guard at == text.count else { throw error("an operator or the end") }
        return e
    }

    mutating func skipSpaces() { while at < text.count, text[at] == " " || text[at] == "\t" { at += 1 } }

    /// The expression as a diagnostic quotes it: at most 80 characters (a malformed one can be megabytes long).
    var shown: String { text.count <= 80 ? String(text) : String(text.prefix(80)) + "…" }

    func error(_ expected: String) -> ExpressionError {
        let found = at < text.count ? "'\(text[at])' at column \(at + 1)" : "the end"
        return ExpressionError(message: "expected \(expected) but found \(found) in '\(shown)'")
    }

    mutating func sum() throws -> SizeExpression {
        var left = try product()
        while true {
            skipSpaces()
            guard at < text.count, text[at] == "+" || text[at] == "-" else { return left }
            let op = text[at]
            at += 1
            try countOperator()
            left = .binary(op, left, try product())
        }
    }

    mutating func product() throws -> SizeExpression {
        var left = try factor()
        while true {
            skipSpaces()
            guard at < text.count, text[at] == "*" || text[at] == "/" else { return left }
            let op = text[at]
            at += 1
            try countOperator()
            left = .binary(op, left, try factor())
        }
    }

    mutating func factor() throws -> SizeExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionError(message: "the expression nests parentheses or signs more than \(Self.maximumDepth) deep")
        }
        skipSpaces()
        guard at < text.count else { throw error("a number, a knob or '('") }
        let c = text[at]
        if c == "-" {
            at += 1
            return .negate(try factor())
        }
        if c == "(" {
            at += 1
            let e = try sum()
            skipSpaces()
            guard at < text.count, text[at] == ")" else { throw error("')'") }
            at += 1
            return e
        }
        if c.isNumber {
            var word = ""
            while at < text.count, text[at].isLetter || text[at].isNumber || text[at] == "_" { word.append(text[at]); at += 1 }
            guard let n = SizeParser.parse(word) else { throw ExpressionError(message: "'\(word)' is not a size in '\(shown)'") }
            return .number(n)
        }
        if c.isLetter || c == "_" {
            var word = ""
            while at < text.count, text[at].isLetter || text[at].isNumber || text[at] == "_" { word.append(text[at]); at += 1 }
            skipSpaces()
            if (word == "min" || word == "max"), at < text.count, text[at] == "(" {
                at += 1
                let a = try sum()
                skipSpaces()
                guard at < text.count, text[at] == "," else { throw error("','") }
                at += 1
                let b = try sum()
                skipSpaces()
                guard at < text.count, text[at] == ")" else { throw error("')'") }
                at += 1
                return .call(word, a, b)
            }
            return .knob(word)
        }
        throw error("a number, a knob or '('")
    }
}
