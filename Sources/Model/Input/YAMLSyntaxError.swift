import Yams

/// A YAML syntax error as a person reads it: libyaml's problem sentence and its line.
struct YAMLSyntaxError {
    var problem: String
    var line: Int?

    /// libyaml refuses nesting deeper than this (CYaml parser.c MAX_NESTING_LEVEL, Yams 6.2.2).
    static let maximumNesting = 1000

    init(_ error: any Error) {
        guard let e = error as? YamlError else {
            problem = "\(error)"
            return
        }
        switch e {
        case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
            problem = p
            line = mark.line
        default:
            problem = "\(e)"
        }
        // libyaml names its C setter; a user needs the limit and what to do.
        if problem.contains("nesting level") {
            problem = "lists or mappings are nested more than \(Self.maximumNesting) levels deep, the YAML reader's limit"
        }
    }

    /// The fix hint: where to look, and for the nesting limit, what to change.
    var fix: String {
        problem.contains("levels deep") ? "Flatten the nesting (no real catalogue or workload needs more than a few "
            + "dozen levels)" : "Fix the syntax at that line"
    }
}
