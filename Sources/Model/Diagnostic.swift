/// A problem with the user's input or a data file, told as one paragraph:
/// what is wrong, where, what was expected, and how to fix it.
/// Every user-reachable failure becomes one of these; nothing prints a stack trace.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var what: String
    /// The file concerned, when there is one.
    public var file: String?
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// What was expected instead.
    public var expected: String?
    /// How to fix it.
    public var fix: String?

    public init(_ what: String, file: String? = nil, line: Int? = nil, expected: String? = nil, fix: String? = nil) {
        self.what = what
        self.file = file
        self.line = line
        self.expected = expected
        self.fix = fix
    }

    /// `file:line: what. Expected …. Fix: …` on one paragraph.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        }
        text += Self.sentence(what)
        if let expected { text += " Expected " + Self.sentence(expected) }
        if let fix { text += " " + Self.sentence(fix) }
        return text
    }

    private static func sentence(_ s: String) -> String {
        guard let last = s.last else { return s }
        return ".!?".contains(last) ? s : s + "."
    }
}
