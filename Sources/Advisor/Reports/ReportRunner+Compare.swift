import Model
import Simulator

extension ReportRunner {
    /// One observation against the replay at its settings.
    func compare(_ o: FieldReport.Observation, report: FieldReport, replays: inout ReplayCache) -> ObservationScore {
        let settings = report.settings.overridden(by: o.at)
        var row = ObservationScore(kind: Self.kind(o), line: o.line, settings: Self.describe(settings), seen: Self.seen(o),
                                   predicted: "—", errorBytes: nil, verdict: .notExpressible, why: nil)
        if case .outcome(let outcome) = o.kind, outcome.cause == .other {
            row.why = "not a memory failure (cause: other); the model predicts memory outcomes only"
            return row
        }
        switch replays.replay(settings) {
        case .missing(let what):
            row.why = what
        case .doesNotStart(let what):
            row.predicted = "does not start: \(what)"
            if case .outcome(let outcome) = o.kind {
                row.verdict = outcome.fails && outcome.steps.isEmpty ? .reproduced : .notReproduced
                if row.verdict == .notReproduced { row.why = "the firmware does not start in the model" }
            } else {
                row.verdict = .notReproduced
                row.why = "the firmware does not start in the model"
            }
        case .ran(let sim):
            switch o.kind {
            case .outcome(let outcome): compareOutcome(outcome, sim.result, into: &row)
            case .figure(let figure): compareFigure(figure, sim, replays: replays, into: &row)
            }
        }
        return row
    }

    func compareOutcome(_ o: FieldReport.Outcome, _ r: ReplayResult, into row: inout ObservationScore) {
        guard let f = r.firstFailure else {
            row.predicted = "fits; lowest free IDF memory \(r.minimumInternalFree) B at \"\(r.minimumInternalFreeStep)\""
            row.errorBytes = r.minimumInternalFree
            row.verdict = o.fails ? .notReproduced : .reproduced
            if o.fails { row.why = "the model has \(r.minimumInternalFree) B of IDF memory to spare where the board failed" }
            return
        }
        let largest = f.largestAvailable.map(\.largestFreeBlock).max() ?? 0
        row.predicted = "fails at \"\(f.label)\": " + Self.describe(f, largest: largest)
        row.errorBytes = -(f.size - largest)
        guard o.fails else {
            // A works outcome naming a step: the board got past that step, and the model must too.
            let passed = !o.steps.isEmpty && o.steps.allSatisfy { s in r.steps.contains { $0.label == s } }
            row.verdict = passed ? .reproduced : .notReproduced
            if !passed { row.why = "the model fails where the board worked" }
            return
        }
        if !o.steps.isEmpty, !o.steps.contains(f.label) {
            row.verdict = .notReproduced
            row.why = "the model fails at another step (\"\(f.label)\", the board at " + o.steps.map { "\"\($0)\"" }.joined(separator: " or ") + ")"
            return
        }
        if let cause = o.cause, !Self.matches(cause, f) {
            row.verdict = .notReproduced
            row.why = "the model fails for another cause (\(Self.describe(f.cause)), the board: \(cause.rawValue))"
            return
        }
        row.verdict = .reproduced
    }

    static func matches(_ cause: FieldReport.Cause, _ f: FirstFailure) -> Bool {
        switch cause {
        case .idfAlloc, .wifiInit: f.heap == .idf
        case .gcOOM: f.cause == .gcOutOfMemory
        case .gcLocked: f.cause == .gcLocked
        case .other: false
        }
    }

    static func describe(_ cause: FirstFailure.Cause) -> String {
        switch cause {
        case .idfReturnedNull: "IDF malloc returned NULL"
        case .gcOutOfMemory: "GC out of memory"
        case .gcLocked: "GC heap locked"
        }
    }

    static func describe(_ f: FirstFailure, largest: Int) -> String {
        switch f.cause {
        case .idfReturnedNull: "IDF malloc(\(f.size)) for \(f.allocation) returned NULL (largest block \(largest) B)"
        case .gcOutOfMemory: "MemoryError allocating \(f.size) B in the GC heap"
        case .gcLocked: "MemoryError: heap is locked (\(f.allocation), \(f.size) B)"
        }
    }
}
