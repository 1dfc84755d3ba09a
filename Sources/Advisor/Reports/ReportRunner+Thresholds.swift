import Model
import Simulator

extension ReportRunner {
    /// How far either side of a works/fails pair the threshold search looks, and how close it must land.
    static let thresholdSearch = 32 * 1024
    static let thresholdStep = 2 * 1024

    /// For each pair of outcomes at the same knobs where the board works at initial heap X and fails at
    /// the next larger Y: the largest initial heap the model fits (1 KiB resolution), against [X, Y − 1 KiB].
    func thresholds(_ report: FieldReport, replays: inout ReplayCache) -> [ObservationScore] {
        var points: [(heap: Int, knobs: [FieldReport.Knob], fails: Bool)] = []
        for o in report.observations {
            guard case .outcome(let outcome) = o.kind, outcome.cause != .other else { continue }
            let s = report.settings.overridden(by: o.at)
            guard let heap = s.initialHeap else { continue }
            points.append((heap, s.knobs, outcome.fails))
        }
        var rows: [ObservationScore] = []
        let groups = Dictionary(grouping: points) { $0.knobs }
        for knobs in groups.keys.sorted(by: { "\($0)" < "\($1)" }) {
            let sorted = (groups[knobs] ?? []).sorted { $0.heap < $1.heap }
            for (a, b) in zip(sorted, sorted.dropFirst()) where !a.fails && b.fails {
                rows.append(threshold(works: a.heap, fails: b.heap, knobs: knobs, replays: &replays))
            }
        }
        return rows
    }

    /// The model's threshold near a works-at-`x` / fails-at-`y` pair. Every initial heap from `x` − 32 KiB to
    /// `y` + 32 KiB is replayed at 1 KiB steps (cached), because with split-heap auto growth the verdict need
    /// not be monotone in the heap: a heap large enough that the program never grows it can fit where a
    /// smaller one that grows does not. The threshold is the fits → fails transition nearest [x, y − 1 KiB];
    /// a heap that fits again further up is said, not used.
    func threshold(works x: Int, fails y: Int, knobs: [FieldReport.Knob], replays: inout ReplayCache) -> ObservationScore {
        Self.threshold(works: x, fails: y, settings: Self.describe(FieldReport.Settings(knobs: knobs))) { heap in
            replays.fits(FieldReport.Settings(initialHeap: heap, knobs: knobs))
        }
    }

    /// The scoring of `threshold(works:fails:knobs:replays:)` over any verdict function (`fits(heap)`: nil when a
    /// knob is not modelled).
    static func threshold(works x: Int, fails y: Int, settings: String, fits: (Int) -> Bool?) -> ObservationScore {
        let kib = 1024
        var row = ObservationScore(kind: "threshold", line: 0, settings: settings,
                                   seen: "works at \(x / kib) KiB, fails at \(y / kib) KiB initial heap",
                                   predicted: "—", errorBytes: nil, verdict: .notExpressible, why: nil)
        let lo = max(kib, (x - Self.thresholdSearch) / kib * kib), hi = (y + Self.thresholdSearch) / kib * kib
        var verdicts: [(heap: Int, fits: Bool)] = []
        for heap in stride(from: lo, through: hi, by: kib) {
            guard let f = fits(heap) else {
                row.why = "a knob of the report is not modelled"
                return row
            }
            verdicts.append((heap, f))
        }
        let transitions = zip(verdicts, verdicts.dropFirst()).filter { $0.0.fits && !$0.1.fits }.map { $0.0.heap }
        func distance(_ t: Int) -> Int { t < x ? x - t : t > y - kib ? t - (y - kib) : 0 }
        let predicted: Int
        if let nearest = transitions.min(by: { (distance($0), $0) < (distance($1), $1) }) {
            predicted = nearest
            row.predicted = "largest initial heap that fits: \(nearest / kib) KiB"
            if let refit = verdicts.first(where: { $0.heap > nearest && $0.fits }) {
                row.predicted += "; fits again from \(refit.heap / kib) KiB (the heap no longer grows)"
            }
        } else if verdicts.allSatisfy(\.fits) {
            predicted = hi
            row.predicted = "fits from \(lo / kib) up to at least \(hi / kib) KiB"
        } else {
            predicted = lo - kib
            row.predicted = "fails already at \(lo / kib) KiB"
            if let refit = verdicts.first(where: \.fits) {
                row.predicted += "; fits from \(refit.heap / kib) KiB up (the heap no longer grows)"
            }
        }
        let error = predicted < x ? predicted - x : predicted > y - kib ? predicted - (y - kib) : 0
        row.errorBytes = error
        row.verdict = abs(error) <= Self.thresholdStep ? .reproduced : .notReproduced
        if row.verdict == .notReproduced { row.why = "the model's threshold is more than one 2 KiB step away" }
        return row
    }
}
