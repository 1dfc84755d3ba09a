import Model
import Simulator
import Solver

/// What one knob change of a recommendation is worth, measured by replay: every scenario replayed at
/// the recommended heap with the recommended knobs, and again with this one knob back at its default.
public struct KnobWorth: Hashable, Sendable {
    public var knob: String
    /// Free internal IDF memory at the workload's peak (worst scenario) gained by the change.
    public var idfBytes: Int
    /// When a scenario fails without the change: the scenario, step and allocation.
    public var failureWithout: String?

    /// Measures every change of `changes` against `answer` (deterministic: replays only).
    static func measure(_ changes: [(name: String, from: Int, to: Int, reason: String)], answer: Recommender.Answer,
                        scenarios: [PreparedScenario]) throws(Diagnostic) -> [String: KnobWorth] {
        let heapKiB = answer.best.heapKiB
        var chosen: [ReplayResult] = []
        for scenario in scenarios {
            if let r = try scenario.replay(heapKiB: heapKiB, knobs: answer.best.knobs) { chosen.append(r) }
        }
        let lowWith = chosen.map(\.minimumInternalFree).min() ?? 0
        var out: [String: KnobWorth] = [:]
        for change in changes {
            var knobs = answer.best.knobs
            knobs[change.name] = change.from
            var lowWithout = Int.max
            var failure: String?
            for scenario in scenarios {
                guard let r = try scenario.replay(heapKiB: heapKiB, knobs: knobs) else {
                    failure = failure ?? "\(scenario.name): the firmware does not start"
                    continue
                }
                lowWithout = min(lowWithout, r.minimumInternalFree)
                if let f = r.firstFailure, failure == nil {
                    failure = "\(scenario.workload.name) step \(f.step + 1) \"\(f.label)\": \(f.allocation) (\(f.size) B) fails"
                }
            }
            out[change.name] = KnobWorth(knob: change.name, idfBytes: lowWithout == .max ? 0 : lowWith - lowWithout,
                                         failureWithout: failure)
        }
        return out
    }

    /// `2048 B (2.0 KiB) more free IDF memory at the peak`, or what fails without it.
    public var summary: String {
        if let failureWithout { return "without it \(failureWithout)" }
        if idfBytes > 0 { return "\(Bytes.text(idfBytes)) more free IDF memory at the peak" }
        if idfBytes < 0 { return "\(Bytes.text(-idfBytes)) less free IDF memory at the peak" }
        return "no change to free IDF memory at the peak"
    }
}
