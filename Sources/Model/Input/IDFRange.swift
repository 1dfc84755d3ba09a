/// A set of ESP-IDF releases, written as boards.yaml writes it: bounds joined by spaces are one
/// interval (`>=4.4.1 <5.2`), intervals joined by `|` are alternatives (`>=5.3.3 <5.4 | >=5.4.1`).
/// Alternatives exist because IDF maintains several release branches at once: a fix can land in
/// v5.3.3 and v5.4.1 but not in v5.4.
public struct IDFRange: Hashable, Sendable, CustomStringConvertible {
    /// One interval: every bound must hold.
    public struct Interval: Hashable, Sendable {
        public var lower: IDFVersion?
        /// Exclusive upper bound (`<`); an inclusive one (`<=`) is stored as its successor patch.
        public var upperExclusive: IDFVersion?

        public func contains(_ v: IDFVersion) -> Bool {
            if let lower, v < lower { return false }
            if let upperExclusive, !(v < upperExclusive) { return false }
            return true
        }
    }

    public var intervals: [Interval]
    /// The text it was parsed from, for messages.
    public var text: String

    /// Every release.
    public static let all = IDFRange(intervals: [Interval()], text: "any")

    public init(intervals: [Interval], text: String) {
        self.intervals = intervals
        self.text = text
    }

    /// Parses `>=4.4`, `<5.2`, `>=4.4.1 <5.2`, `==5.1.2`, `5.1.2` and `|`-joined alternatives; nil otherwise.
    public init?(parsing source: String) {
        var intervals: [Interval] = []
        for alternative in source.split(separator: "|", omittingEmptySubsequences: false) {
            let bounds = alternative.split(separator: " ", omittingEmptySubsequences: true)
            guard !bounds.isEmpty else { return nil }
            var interval = Interval()
            for bound in bounds {
                guard let parsed = Self.bound(String(bound)) else { return nil }
                if let l = parsed.lower { interval.lower = max(interval.lower ?? l, l) }
                if let u = parsed.upperExclusive { interval.upperExclusive = min(interval.upperExclusive ?? u, u) }
            }
            intervals.append(interval)
        }
        self.init(intervals: intervals, text: source.trimmingCharacters(in: .whitespaces))
    }

    public func contains(_ v: IDFVersion) -> Bool { intervals.contains { $0.contains(v) } }

    public var description: String { text }

    private static func bound(_ token: String) -> Interval? {
        for (op, make) in [(">=", { (v: IDFVersion) in Interval(lower: v) }),
                           ("<=", { (v: IDFVersion) in Interval(upperExclusive: IDFVersion(v.major, v.minor, v.patch + 1)) }),
                           ("==", { (v: IDFVersion) in Interval(lower: v, upperExclusive: IDFVersion(v.major, v.minor, v.patch + 1)) }),
                           ("<", { (v: IDFVersion) in Interval(upperExclusive: v) })] where token.hasPrefix(op) {
            return IDFVersion(parsing: String(token.dropFirst(op.count))).map(make)
        }
        return IDFVersion(parsing: token).map { Interval(lower: $0, upperExclusive: IDFVersion($0.major, $0.minor, $0.patch + 1)) }
    }
}

import Foundation
