import Model

/// The answer over a catalogue interval of static DRAM (boards.yaml `range:`, where no figure is published):
/// the verdict at both ends and, where they differ, the largest static DRAM at which it still holds.
public struct StaticDRAMBounds: Sendable, Codable, Equatable {
    /// The interval's ends (bytes).
    public var lower: Int
    public var upper: Int
    /// How the interval was derived (the catalogue's `source`) and its confidence.
    public var source: String
    public var confidence: String
    /// The verdict (fits / a setting exists) at each end.
    public var holdsAtLower: Bool
    public var holdsAtUpper: Bool
    /// Set when the ends differ: the largest static DRAM found by bisection (to `StaticDRAMBisection.resolution` B)
    /// at which the verdict still holds; nil when the ends agree (or the verdict holds only at the upper end).
    public var threshold: Int?
    /// Replays the bisection ran beyond the two ends.
    public var bisectionReplays: Int

    /// One sentence: "fits for any static DRAM in 54000–55600 B", or the threshold and what to do.
    public func sentence(holds: String, fails: String) -> String {
        let range = "\(lower)–\(upper) B (\(KiB.text(lower))–\(KiB.text(upper)))"
        switch (holdsAtLower, holdsAtUpper) {
        case (true, true): return "\(holds) for any static DRAM in \(range)"
        case (false, false): return "\(fails) for any static DRAM in \(range)"
        case (true, false):
            let t = threshold ?? lower
            return "\(holds) if your build's static DRAM is ≤ \(t) B (\(KiB.text(t))), not above (interval \(range)): "
                + "run `idf.py size` and pass --static-dram"
        case (false, true):
            return "\(holds) at \(upper) B but not at \(lower) B (the allocator is not monotone here): "
                + "run `idf.py size` and pass --static-dram"
        }
    }
}

/// Runs a verdict at both ends of an interval of static DRAM and bisects between them where they differ.
public enum StaticDRAMBisection {
    /// Bisection stops when the bracket is this narrow (bytes); static sizes move in 4–8 B steps.
    public static let resolution = 64

    /// `holds(s)`: the verdict with static DRAM `s`; a `doesNotStart` diagnostic counts as false.
    /// `atUpper`: the verdict at the upper end when the caller already has it.
    public static func bounds(of figure: Sourced, atUpper: Bool? = nil,
                              holds: (Int) throws(Diagnostic) -> Bool) throws(Diagnostic) -> StaticDRAMBounds? {
        guard let interval = figure.interval else { return nil }
        func verdict(_ s: Int) throws(Diagnostic) -> Bool {
            do throws(Diagnostic) {
                return try holds(s)
            } catch {
                guard error.kind == .doesNotStart else { throw error }
                return false
            }
        }
        let upper: Bool
        if let atUpper { upper = atUpper } else { upper = try verdict(interval.upperBound) }
        let lower = try verdict(interval.lowerBound)
        var bounds = StaticDRAMBounds(lower: interval.lowerBound, upper: interval.upperBound, source: figure.source,
                                      confidence: figure.confidence.rawValue, holdsAtLower: lower, holdsAtUpper: upper,
                                      threshold: nil, bisectionReplays: 0)
        guard lower, !upper else { return bounds }
        // Invariant: holds at `good`, not at `bad`.
        var good = interval.lowerBound, bad = interval.upperBound
        while bad - good > resolution {
            let mid = (good + (bad - good) / 2) & ~7
            guard mid > good, mid < bad else { break }
            bounds.bisectionReplays += 1
            if try verdict(mid) { good = mid } else { bad = mid }
        }
        bounds.threshold = good
        return bounds
    }
}

/// `55.2 KiB`.
enum KiB {
    static func text(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) KiB"
    }
}
