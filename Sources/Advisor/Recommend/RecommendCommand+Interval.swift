import Model
import Simulator
import Solver

extension RecommendCommand {
    /// A recommendation where the catalogue gives the board's static DRAM only as an interval.
    public struct IntervalSolve: Sendable {
        /// The problem whose answer (or failure) is reported: at the interval's upper end, or at its lower
        /// end when only there a setting exists.
        public var prepared: Prepared
        public var outcome: Result<Recommender.Answer, Recommender.Failure>
        /// Nil when the static DRAM is one figure (or the user's --static-dram).
        public var bounds: StaticDRAMBounds?
    }

    /// Solves `request`. With a catalogue interval of static DRAM (one IDF release, no --static-dram) the
    /// problem is solved at the upper end, the worst case, and the answer replayed at the lower end; where no
    /// setting exists at the upper end it is solved at the lower end, and the largest static DRAM at which that
    /// answer still holds is found by bisection on replays.
    public static func solve(_ request: RecommendationRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> IntervalSolve {
        let upper = try prepare(request, catalogue: catalogue, library: library)
        let outcome = Recommender(problem: upper.problem).recommend()
        guard request.staticDRAM == nil, upper.idfs.count == 1, let figure = upper.scenarios.first?.device.staticDRAM,
              let interval = figure.interval else {
            return IntervalSolve(prepared: upper, outcome: outcome, bounds: nil)
        }
        if case .success(let answer) = outcome {
            let bounds = try StaticDRAMBisection.bounds(of: figure, atUpper: true) { s throws(Diagnostic) in
                try holds(answer, request: request, staticDRAM: s, problem: upper.problem, catalogue: catalogue, library: library)
            }
            return IntervalSolve(prepared: upper, outcome: outcome, bounds: bounds)
        }
        guard case .failure(.infeasible) = outcome else { return IntervalSolve(prepared: upper, outcome: outcome, bounds: nil) }
        var atLower = request
        atLower.staticDRAM = interval.lowerBound
        atLower.withinInterval = true
        let lower = try prepare(atLower, catalogue: catalogue, library: library)
        let lowerOutcome = Recommender(problem: lower.problem).recommend()
        guard case .success(let answer) = lowerOutcome else {
            let none = StaticDRAMBounds(lower: interval.lowerBound, upper: interval.upperBound, source: figure.source,
                                        confidence: figure.confidence.rawValue, holdsAtLower: false, holdsAtUpper: false,
                                        threshold: nil, bisectionReplays: 0)
            return IntervalSolve(prepared: upper, outcome: outcome, bounds: none)
        }
        let bounds = try StaticDRAMBisection.bounds(of: figure, atUpper: false) { s throws(Diagnostic) in
            try holds(answer, request: request, staticDRAM: s, problem: lower.problem, catalogue: catalogue, library: library)
        }
        return IntervalSolve(prepared: lower, outcome: lowerOutcome, bounds: bounds)
    }

    /// Whether `answer` is acceptable in every scenario of `request` booted with static DRAM `staticDRAM`.
    static func holds(_ answer: Recommender.Answer, request: RecommendationRequest, staticDRAM: Int, problem: RecommendationProblem,
                      catalogue: Catalogue, library: String) throws(Diagnostic) -> Bool {
        var point = request
        point.staticDRAM = staticDRAM
        point.withinInterval = true
        let p = try prepare(point, catalogue: catalogue, library: library)
        for scenario in p.scenarios {
            guard problem.acceptable(try scenario.replay(heapKiB: answer.best.heapKiB, knobs: answer.best.knobs)) else { return false }
        }
        return true
    }
}
