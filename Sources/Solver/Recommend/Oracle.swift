/// The exhaustive answer: every knob combination × every initial heap size in 1 KiB steps is
/// replayed (no assumption that a smaller heap is safer), and the best candidate every scenario
/// accepts wins. Slow by design; tests and benchmarks hold the optimiser to it.
import Model
import Simulator

public enum Oracle {
    public struct Answer: Sendable {
        public var best: Candidate?
        public var value: Double
        public var replays: Int
    }

    /// Throws what a scenario throws other than "does not start" (see `ScenarioEvaluator`).
    public static func solve(_ problem: RecommendationProblem) throws(Diagnostic) -> Answer {
        var best: Candidate?
        var bestValue = -Double.infinity
        var replays = 0
        for combo in problem.combinations {
            for heap in problem.heapRange.reversed() {
                let candidate = Candidate(heapKiB: heap, knobs: combo)
                var accepted = true
                for scenario in problem.scenarios {
                    replays += 1
                    if !problem.acceptable(try scenario.replay(heapKiB: heap, knobs: combo)) {
                        accepted = false
                        break
                    }
                }
                if accepted {
                    let v = problem.value(candidate)
                    if v > bestValue || (v == bestValue && best.map { candidate.description < $0.description } ?? true) {
                        bestValue = v
                        best = candidate
                    }
                }
            }
        }
        return Answer(best: best, value: bestValue, replays: replays)
    }
}
