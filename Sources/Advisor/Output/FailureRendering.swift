import Model
import Simulator

/// A replay's first failure as JSON: the one shape every report carries it in (`simulate`'s
/// `firstFailure`, each `whatif` column's): {step, stepLabel, line, heap, allocation, size, caps,
/// reason, largestAvailable, candidates, holders}.
struct FailureJSON: Encodable {
    var step: Int
    var stepLabel: String
    var line: Int
    var heap: String
    var allocation: String
    var size: Int
    var caps: String
    var reason: String
    var largestAvailable: Int
    var candidates: [FirstFailure.CandidateHeap]
    var holders: [IDFSystem.Holding]

    init(_ f: FirstFailure) {
        (step, stepLabel, line, heap, allocation) = (f.step + 1, f.label, f.line, f.heap.rawValue, f.allocation)
        (size, caps, reason, largestAvailable) = (f.size, f.caps, f.reason, f.largestUsable)
        (candidates, holders) = (f.largestAvailable, f.holders)
    }
}

/// A replay's first failure as text, in the words every text report uses.
enum FailureText {
    /// The verdict and what limits it, as `simulate` prints them: the step, the allocation, the largest
    /// block of each heap it could use (or the Python heap's areas) and what holds that memory.
    static func verdictLines(_ f: FirstFailure) -> [String] {
        var out = ["Verdict: DOES NOT FIT — step \(f.step + 1) \"\(f.label)\" (workload line \(f.line)): \(f.reason).",
                   "  Allocation: \(f.allocation), \(Bytes.text(f.size)), \(f.caps)."]
        switch f.heap {
        case .idf:
            out.append("  Largest block in each heap it could use:")
            for c in f.largestAvailable {
                out.append("    \(Hex.address(c.start)) \(c.type.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                           + "largest \(Bytes.text(c.largestFreeBlock)), free \(Bytes.text(c.free))")
            }
            if !f.holders.isEmpty {
                out.append("  What holds that memory:")
                for h in f.holders { out.append("    \(Bytes.text(h.bytes))  \(h.owner)") }
            }
        case .python:
            out.append("  Python heap areas (largest free run / free):")
            for c in f.largestAvailable {
                out.append("    \(Hex.address(c.start)) largest run \(Bytes.text(c.largestFreeBlock)), free \(Bytes.text(c.free))")
            }
            for h in f.holders { out.append("  \(h.owner): \(Bytes.text(h.bytes))") }
        }
        return out
    }

    /// The failure in one sentence: `step 8 "label": reason — allocation, size, caps; largest block it could use N.`
    static func sentence(_ f: FirstFailure) -> String {
        "step \(f.step + 1) \"\(f.label)\": \(f.reason) — \(f.allocation), \(Bytes.text(f.size)), "
            + "\(f.caps); largest block it could use \(Bytes.text(f.largestUsable))."
    }

    /// The failure in a table cell: `step 8: tls1/out_buf 4429 B (malloc)`.
    static func cell(_ f: FirstFailure) -> String {
        "step \(f.step + 1): \(f.allocation) \(f.size) B (\(f.caps))"
    }
}

extension FirstFailure {
    /// The largest block (IDF) or free run (Python heap) the failed request could have used.
    var largestUsable: Int { largestAvailable.map(\.largestFreeBlock).max() ?? 0 }
}
