import Model

/// The "Advisories" section every text report ends with (simulate, recommend, whatif): one entry
/// per advisory, most severe first, with what to do and the source.
enum AdvisoryText {
    static func lines(_ advisories: [AppliedAdvisory], note: (AppliedAdvisory) -> String? = { _ in nil }) -> [String] {
        guard !advisories.isEmpty else { return [] }
        var out = ["", "Advisories (known defects and pitfalls that apply):"]
        for a in advisories {
            let tag = a.severity.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)
            out.append("  \(tag) \(a.id): \(a.title)" + (note(a).map { " [\($0)]" } ?? ""))
            out.append("         What to do: \(a.advice)")
            out.append("         Source: \(a.source)")
        }
        return out
    }
}
