import Model
import Simulator

/// Solve → replay → cut → solve again (ARCHITECTURE.md "Solver"). The integer program proposes
/// the most promising knob combination and heap size from the measured coefficients; the
/// simulator then finds that combination's true largest acceptable heap (a few replays, by an
/// exponential then binary search), which becomes a cut; the loop ends when the program can
/// propose nothing better than the best replayed answer.
public struct Recommender: Sendable {
    public let problem: RecommendationProblem
    public let solver: any MIPSolver
    /// Whether each round's program may be solved by listing the knob space (`ComboTable`) when it is
    /// small enough; false when a backend was given, which then solves every round.
    let listsSmallSpaces: Bool

    /// - Parameter solver: the MIP backend; without one, knob spaces of up to `ComboTable.maximumCombinations`
    ///   are solved by listing them, larger ones by GLPK.
    public init(problem: RecommendationProblem, solver: (any MIPSolver)? = nil) {
        self.problem = problem
        self.solver = solver ?? GLPKBackend()
        listsSmallSpaces = solver == nil
    }

    init(problem: RecommendationProblem, solver: any MIPSolver, listsSmallSpaces: Bool) {
        self.problem = problem
        self.solver = solver
        self.listsSmallSpaces = listsSmallSpaces
    }

    public struct Answer: Sendable {
        public var best: Candidate
        public var value: Double
        /// Each scenario's replay of the answer.
        public var outcomes: [ScenarioOutcome]
        /// What stops one more KiB: each scenario's replay at `best.heapKiB + 1`.
        public var atOneMore: [ScenarioOutcome]
        public var replays: Int
        public var solves: Int
        public var cuts: Int
        /// False when the loop stopped at `RecommendationProblem.maximumSolves` before the integer program
        /// proved that nothing better exists: the answer is replayed and acceptable, a better one may exist.
        public var proved: Bool
        /// How the answer's heap was chosen under `RecommendationObjective.leastKnobCostThenIDFFree`; nil under the
        /// largest-heap objective.
        public var margin: Margin? = nil

        /// The IDF memory the margin objective ranks heaps by.
        public struct Margin: Sendable, Equatable {
            /// KiB either side of the answer whose replays count (`RecommendationProblem.marginRadius`).
            public var radius: Int
            /// The least free internal IDF memory at the peak, bytes, over every scenario and every heap within `radius`
            /// of the answer: what the answer keeps for the IDF if the Python side is off by a little.
            public var worstNearby: Int
            /// The largest heap the knob combination is accepted at (the largest-heap objective's answer for it).
            public var largestAcceptedHeap: Int
            /// Free internal IDF memory at the peak (worst scenario) at `largestAcceptedHeap`.
            public var freeAtLargest: Int
        }
    }

    /// Why there is no answer.
    public enum Failure: Error, Sendable {
        /// No combination works at any heap size: the scenario and its replay at the smallest heap
        /// with the knobs that need the least memory.
        case infeasible(scenario: String, result: ReplayResult?, candidate: Candidate)
        /// The MIP backend failed.
        case solver(MIPFailure)
        /// A scenario could not be replayed for a reason other than the heap's size (e.g. its
        /// timeline is too long with some knob level).
        case scenario(Diagnostic)
    }

    /// Memoised acceptability of a candidate across every scenario.
    final class Ledger: @unchecked Sendable {
        var verdicts: [Candidate: Verdict] = [:]
        /// Worst free internal IDF memory at the peak over the scenarios of an accepted candidate; `Int.min` when refused.
        var margins: [Candidate: Int] = [:]
        var replays = 0
    }

    public func recommend() -> Result<Answer, Failure> {
        do throws(Diagnostic) {
            return try search()
        } catch {
            return .failure(.scenario(error))
        }
    }

    func search() throws(Diagnostic) -> Result<Answer, Failure> {
        let ledger = Ledger()
        switch problem.objective {
        case .largestHeapLessKnobCost:
            switch try largestHeapLoop(ledger: ledger) {
            case .failure(let f): return .failure(f)
            case .success(let end):
                return try conclude(end.incumbent, ledger: ledger, solves: end.solves, cuts: end.cuts, proved: end.proved)
            }
        case .leastKnobCostThenIDFFree:
            return try marginSearch(ledger: ledger)
        }
    }

    /// What the solve → replay → cut loop ends with: the best replayed candidate and its value, and how it got there.
    typealias LoopEnd = (incumbent: (Candidate, Double)?, solves: Int, cuts: Int, proved: Bool)

    /// The loop of the largest-heap objective (`RecommendationProblem.value`), without the answer's final polish.
    func largestHeapLoop(ledger: Ledger) throws(Diagnostic) -> Result<LoopEnd, Failure> {
        var measuring = 0
        var estimates: [ScenarioEstimate] = []
        for scenario in problem.scenarios {
            if let e = try ScenarioEstimate.measure(scenario, problem: problem, replays: &measuring) { estimates.append(e) }
        }
        ledger.replays += measuring
        let formulation = Formulation(problem: problem, estimates: estimates)
        var table = listsSmallSpaces ? ComboTable(formulation) : nil
        var cuts: [Formulation.Cut] = []
        var incumbent: (Candidate, Double)?
        var solves = 0
        var proved = false
        for _ in 0..<max(problem.maximumSolves, 1) {
            solves += 1
            var combo: [String: Int] = [:]
            let hint: Int
            var row: Int?
            if let table {
                // The estimates are not bounds: combinations estimated within the slack of the incumbent are replayed too.
                guard let (index, heap) = table.best(above: incumbent.map { $0.1 - problem.estimateSlack }) else { proved = true; break }
                combo = table.combo(index)
                hint = heap
                row = index
            } else {
                let (model, h, levels) = formulation.build(cuts: cuts, atLeast: incumbent?.1)
                let solution: MIPSolution
                switch solver.solve(model, timeLimit: problem.solverTimeLimit) {
                case .success(let s): solution = s
                case .failure(.infeasible):
                    return .success((incumbent, solves, cuts.count, true))
                case .failure(let f): return .failure(.solver(f))
                }
                for (k, knob) in problem.knobs.enumerated() {
                    let i = levels[k].firstIndex { solution.integer($0) == 1 } ?? 0
                    combo[knob.name] = knob.levels[i]
                }
                hint = solution.integer(h)
            }
            // Only heaps that beat the incumbent matter: the search stops below them, and the cut says so.
            let floor = incumbent.map { heapToBeat($0.1, knobs: combo) } ?? problem.heapRange.lowerBound
            let maxHeap = try largestAcceptableHeap(combo, hint: hint, floor: floor, ledger: ledger)
            let bound = maxHeap ?? floor - 1
            cuts.append(Formulation.Cut(combo: combo, maxHeap: bound >= problem.heapRange.lowerBound ? bound : nil))
            // Each combination is searched once: what it can reach from the floor up is now known.
            if let row { table?.settle(row) }
            if let maxHeap {
                let candidate = Candidate(heapKiB: maxHeap, knobs: combo)
                let value = problem.value(candidate)
                if value > (incumbent?.1 ?? -.infinity) { incumbent = (candidate, value) }
            }
        }
        return .success((incumbent, solves, cuts.count, proved))
    }

    /// The answer after the loop: the incumbent made as cheap as it can be (`cheapest`), then replayed.
    func conclude(_ incumbent: (Candidate, Double)?, ledger: Ledger, solves: Int, cuts: Int,
                  proved: Bool) throws(Diagnostic) -> Result<Answer, Failure> {
        guard let (candidate, _) = incumbent else { return try finish(nil, ledger: ledger, solves: solves, cuts: cuts, proved: proved) }
        let cheaper = try cheapest(candidate, ledger: ledger)
        return try finish((cheaper, problem.value(cheaper)), ledger: ledger, solves: solves, cuts: cuts, proved: proved)
    }

    /// The smallest heap at which `knobs` would beat an answer worth `value` (by the program's margin).
    func heapToBeat(_ value: Double, knobs: [String: Int]) -> Int {
        let negativeCost = problem.value(Candidate(heapKiB: 0, knobs: knobs))
        return Int((value - negativeCost + 1e-3).rounded(.up))
    }

    /// The answer with every costly knob it can do without: each knob at a level that costs less
    /// (cheapest first) is searched from the answer's heap, and kept at the largest heap it replays at
    /// when that is worth more than the answer — the same heap, or a smaller one by less than the cost
    /// saved. The loop cuts only on what its searches saw, so where acceptance is not a window in the
    /// heap (a knob that matters only at some sizes) it can keep a knob the answer does not need.
    func cheapest(_ answer: Candidate, ledger: Ledger) throws(Diagnostic) -> Candidate {
        var best = answer
        for knob in problem.knobs {
            guard let current = best.knobs[knob.name], let i = knob.levels.firstIndex(of: current), knob.costs[i] > 0 else { continue }
            let cheaper = knob.levels.indices.filter { knob.costs[$0] < knob.costs[i] }.sorted { knob.costs[$0] < knob.costs[$1] }
            for j in cheaper {
                var trial = best.knobs
                trial[knob.name] = knob.levels[j]
                let floor = heapToBeat(problem.value(best), knobs: trial)
                if let heap = try largestAcceptableHeap(trial, hint: best.heapKiB, floor: floor, ledger: ledger) {
                    best = Candidate(heapKiB: heap, knobs: trial)
                    break
                }
            }
        }
        return best
    }

    func finish(_ incumbent: (Candidate, Double)?, ledger: Ledger, solves: Int, cuts: Int,
                proved: Bool, margin: Answer.Margin? = nil) throws(Diagnostic) -> Result<Answer, Failure> {
        guard let (best, value) = incumbent else { return .failure(try explainInfeasible(ledger: ledger)) }
        let outcomes = try problem.scenarios.map { s throws(Diagnostic) in
            ScenarioOutcome(scenario: s.name, result: try s.replay(heapKiB: best.heapKiB, knobs: best.knobs))
        }
        let next = try problem.scenarios.map { s throws(Diagnostic) in
            ScenarioOutcome(scenario: s.name, result: try s.replay(heapKiB: best.heapKiB + 1, knobs: best.knobs))
        }
        return .success(Answer(best: best, value: value, outcomes: outcomes, atOneMore: next,
                               replays: ledger.replays, solves: solves, cuts: cuts, proved: proved, margin: margin))
    }

    /// How a candidate fares: accepted, or which way the heap should move.
    enum Verdict: Equatable, Sendable {
        case accepted
        /// The IDF ran out (or the headroom is too small, or the heap does not fit at start-up): a smaller heap may work.
        case tooBig
        /// Python ran out of memory: a larger initial heap may work.
        case tooSmall
    }

    func verdict(_ candidate: Candidate, ledger: Ledger) throws(Diagnostic) -> Verdict {
        if let known = ledger.verdicts[candidate] { return known }
        var result = Verdict.accepted
        for scenario in problem.scenarios {
            ledger.replays += 1
            let r = try scenario.replay(heapKiB: candidate.heapKiB, knobs: candidate.knobs)
            if problem.acceptable(r) { continue }
            if r?.firstFailure?.cause == .gcOutOfMemory {
                result = .tooSmall
            } else {
                result = .tooBig
            }
            break
        }
        ledger.verdicts[candidate] = result
        return result
    }

    /// The largest heap at or above `floor` at which `combo` is accepted. Acceptance is a window: too
    /// small a heap runs Python out of memory, too large one starves the IDF. From the program's hint
    /// the search moves the way each replay's failure points — exponentially up from an accepted size,
    /// then by bisection — and returns nil when no size from `floor` up is accepted. A hint that is
    /// too big is followed by a replay at the floor, so a combination that cannot beat the incumbent
    /// costs one or two replays, not a bisection.
    func largestAcceptableHeap(_ combo: [String: Int], hint: Int, floor: Int, ledger: Ledger) throws(Diagnostic) -> Int? {
        let range = problem.heapRange
        func judge(_ h: Int) throws(Diagnostic) -> Verdict { try verdict(Candidate(heapKiB: h, knobs: combo), ledger: ledger) }
        var low = max(range.lowerBound, floor), high = range.upperBound
        guard low <= high else { return nil }
        var best: Int?
        var probe = min(max(hint, low), high)
        var step = 1
        // Climb from an accepted hint until something fails.
        while true {
            switch try judge(probe) {
            case .accepted:
                best = probe
                low = probe + 1
                guard probe < high else { return best }
                probe = min(probe + step, high)
                step *= 2
                continue
            case .tooBig:
                high = probe - 1
                if best == nil, low <= high {
                    // Nothing from the floor up, if the floor is too big already.
                    switch try judge(low) {
                    case .tooBig: return nil
                    case .accepted: best = low
                    case .tooSmall: break
                    }
                    low += 1
                }
            case .tooSmall:
                low = probe + 1
            }
            break
        }
        // Bisect what is left: accepted or too small → look higher; too big → look lower.
        while low <= high {
            let mid = (low + high + 1) / 2
            switch try judge(mid) {
            case .accepted:
                best = mid
                low = mid + 1
            case .tooSmall:
                low = mid + 1
            case .tooBig:
                high = mid - 1
            }
        }
        return best
    }

    /// The scenario that fails with the least demanding knobs at the smallest heap.
    func explainInfeasible(ledger: Ledger) throws(Diagnostic) -> Failure {
        var knobs: [String: Int] = [:]
        for knob in problem.knobs { knobs[knob.name] = knob.levels.last ?? knob.defaultValue }
        let candidate = Candidate(heapKiB: problem.heapRange.lowerBound, knobs: knobs)
        for scenario in problem.scenarios {
            let r = try scenario.replay(heapKiB: candidate.heapKiB, knobs: knobs)
            if !problem.acceptable(r) { return .infeasible(scenario: scenario.name, result: r, candidate: candidate) }
        }
        return .infeasible(scenario: problem.scenarios.first?.name ?? "", result: nil, candidate: candidate)
    }
}
