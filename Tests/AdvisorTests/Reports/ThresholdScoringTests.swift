import Testing
@testable import Advisor

/// The threshold of a works/fails pair when the model's verdict is not monotone in the initial heap (split-heap
/// auto growth: a heap large enough never to grow fits where smaller ones that grow do not).
@Suite("report thresholds")
struct ThresholdScoringTests {
    static let kib = 1024

    static func score(_ fits: @escaping (Int) -> Bool?) -> ObservationScore {
        ReportRunner.threshold(works: 52 * kib, fails: 54 * kib, settings: "defaults", fits: fits)
    }

    @Test func aMonotoneModelIsScoredAtItsOneTransition() {
        let near = Self.score { $0 <= 51 * Self.kib }
        #expect(near.verdict == .reproduced && near.errorBytes == -1024)
        #expect(near.predicted == "largest initial heap that fits: 51 KiB")
        let far = Self.score { $0 <= 47 * Self.kib }
        #expect(far.verdict == .notReproduced && far.errorBytes == -5 * 1024)
        let inside = Self.score { $0 <= 53 * Self.kib }
        #expect(inside.errorBytes == 0 && inside.verdict == .reproduced)
    }

    /// Fits to 50 KiB, fails 51–58 (the heap grows), fits from 59 (it no longer grows): the transition at 50 KiB
    /// is the threshold, not "fits up to at least 86 KiB".
    @Test func aHeapThatFitsAgainAboveIsSaidNotUsed() {
        let r = Self.score { $0 <= 50 * Self.kib || $0 >= 59 * Self.kib }
        #expect(r.verdict == .reproduced && r.errorBytes == -2048)
        #expect(r.predicted == "largest initial heap that fits: 50 KiB; fits again from 59 KiB (the heap no longer grows)")
        // Two transitions: the one nearest the seen pair wins (40 KiB is 12 KiB away, 53 KiB inside).
        let two = Self.score { $0 <= 40 * Self.kib || (45 * Self.kib...53 * Self.kib).contains($0) }
        #expect(two.errorBytes == 0 && two.predicted.hasPrefix("largest initial heap that fits: 53 KiB"))
    }

    @Test func noTransition() {
        let all = Self.score { _ in true }
        #expect(all.verdict == .notReproduced && all.predicted == "fits from 20 up to at least 86 KiB")
        #expect(all.errorBytes == (86 - 53) * Self.kib)
        let none = Self.score { _ in false }
        #expect(none.verdict == .notReproduced && none.predicted == "fails already at 20 KiB")
        let upOnly = Self.score { $0 >= 60 * Self.kib }
        #expect(upOnly.predicted == "fails already at 20 KiB; fits from 60 KiB up (the heap no longer grows)")
        let unmodelled = Self.score { _ in nil }
        #expect(unmodelled.verdict == .notExpressible && unmodelled.why == "a knob of the report is not modelled")
    }
}
