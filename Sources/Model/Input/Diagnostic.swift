/// A problem with the user's input or a data file, told as one paragraph:
/// what is wrong, where, what was expected, and how to fix it.
/// Every user-reachable failure becomes one of these; nothing prints a stack trace.
/// Decisions read its `kind`, never its wording.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    /// What sort of outcome this is: what callers branch on, and what the exit code says.
    public enum Kind: String, Equatable, Sendable {
        /// The user's input or a data file is wrong (or asks for something heapfit cannot run).
        case badInput
        /// The firmware cannot start as asked: start-up allocations or the initial Python heap do not fit.
        /// An outcome to compare (`whatif`) or a heap that is too big (the optimiser), not a defect of the input's form.
        case doesNotStart
        /// The question is well posed and the answer is that no setting works.
        case noSetting
        /// heapfit itself failed (e.g. the MIP backend): not the user's fault.
        case internalError
    }

    /// What sort of outcome this is (see `Kind`).
    public var kind: Kind
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

    public init(_ what: String, file: String? = nil, line: Int? = nil, expected: String? = nil, fix: String? = nil,
                kind: Kind = .badInput) {
        self.kind = kind
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
