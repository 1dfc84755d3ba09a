/// "Did you mean …?" for a misspelt name: the known names closest to it by edit distance.
public enum NameSuggestion {
    /// The known names closest to `name` (case-insensitive) if within a few edits: those at the smallest
    /// distance found, at most three.
    public static func closest(to name: String, in known: some Sequence<String>) -> [String] {
        let target = Array(name.uppercased().utf8)
        // A third of the name's length, at least 2: catches a swapped pair or a dropped word part.
        let budget = max(2, target.count / 3)
        var scored: [(Int, String)] = []
        for k in known {
            let d = distance(target, Array(k.uppercased().utf8), limit: budget)
            if d <= budget { scored.append((d, k)) }
        }
        guard let best = scored.map(\.0).min() else { return [] }
        return scored.filter { $0.0 == best }.map(\.1).sorted().prefix(3).map { $0 }
    }

    /// Damerau–Levenshtein (optimal string alignment) distance, stopping early once above `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// " Did you mean A or B?" or "" when nothing is close.
    public static func hint(for name: String, in known: some Sequence<String>) -> String {
        let close = closest(to: name, in: known)
        guard !close.isEmpty else { return "" }
        return " Did you mean " + close.joined(separator: " or ") + "?"
    }
}
