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

    func threshold(works x: Int, fails y: Int, knobs: [FieldReport.Knob], replays: inout ReplayCache) -> ObservationScore {
        let kib = 1024
        var row = ObservationScore(kind: "threshold", line: 0, settings: Self.describe(FieldReport.Settings(knobs: knobs)),
                                   seen: "works at \(x / kib) KiB, fails at \(y / kib) KiB initial heap",
                                   predicted: "—", errorBytes: nil, verdict: .notExpressible, why: nil)
        func fits(_ heap: Int) -> Bool? { replays.fits(FieldReport.Settings(initialHeap: heap, knobs: knobs)) }
        var lo = max(kib, (x - Self.thresholdSearch) / kib * kib), hi = (y + Self.thresholdSearch) / kib * kib
        guard let fitsLo = fits(lo), let fitsHi = fits(hi) else {
            row.why = "a knob of the report is not modelled"
            return row
        }
        let predicted: Int
        if fitsHi {
            predicted = hi
            row.predicted = "fits up to at least \(hi / kib) KiB"
        } else if !fitsLo {
            predicted = lo - kib
            row.predicted = "fails already at \(lo / kib) KiB"
        } else {
            // fits(lo) and not fits(hi): the largest fitting heap, by bisection.
            while hi - lo > kib {
                let mid = (lo + hi) / 2 / kib * kib
                if fits(mid) == true { lo = mid } else { hi = mid }
            }
            predicted = lo
            row.predicted = "largest initial heap that fits: \(lo / kib) KiB"
        }
        let error = predicted < x ? predicted - x : predicted > y - kib ? predicted - (y - kib) : 0
        row.errorBytes = error
        row.verdict = abs(error) <= Self.thresholdStep ? .reproduced : .notReproduced
        if row.verdict == .notReproduced { row.why = "the model's threshold is more than one 2 KiB step away" }
        return row
    }
}
