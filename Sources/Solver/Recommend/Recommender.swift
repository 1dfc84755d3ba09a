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

    public init(problem: RecommendationProblem, solver: any MIPSolver = GLPKBackend()) {
        self.problem = problem
        self.solver = solver
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
        var measuring = 0
        var estimates: [ScenarioEstimate] = []
        for scenario in problem.scenarios {
            if let e = try ScenarioEstimate.measure(scenario, problem: problem, replays: &measuring) { estimates.append(e) }
        }
        ledger.replays += measuring
        let formulation = Formulation(problem: problem, estimates: estimates)
        var cuts: [Formulation.Cut] = []
        var incumbent: (Candidate, Double)?
        var solves = 0
        for _ in 0..<max(problem.maximumSolves, 1) {
            let (model, h, levels) = formulation.build(cuts: cuts, atLeast: incumbent?.1)
            solves += 1
            let solution: MIPSolution
            switch solver.solve(model, timeLimit: problem.solverTimeLimit) {
            case .success(let s): solution = s
            case .failure(.infeasible): return try finish(incumbent, ledger: ledger, solves: solves, cuts: cuts.count, proved: true)
            case .failure(let f): return .failure(.solver(f))
            }
            var combo: [String: Int] = [:]
            for (k, knob) in problem.knobs.enumerated() {
                let i = levels[k].firstIndex { solution.integer($0) == 1 } ?? 0
                combo[knob.name] = knob.levels[i]
            }
            let maxHeap = try largestAcceptableHeap(combo, hint: solution.integer(h), ledger: ledger)
            cuts.append(Formulation.Cut(combo: combo, maxHeap: maxHeap))
            if let maxHeap {
                let candidate = Candidate(heapKiB: maxHeap, knobs: combo)
                let value = problem.value(candidate)
                if value > (incumbent?.1 ?? -.infinity) { incumbent = (candidate, value) }
            }
        }
        return try finish(incumbent, ledger: ledger, solves: solves, cuts: cuts.count, proved: false)
    }

    func finish(_ incumbent: (Candidate, Double)?, ledger: Ledger, solves: Int, cuts: Int,
                proved: Bool) throws(Diagnostic) -> Result<Answer, Failure> {
        guard let (best, value) = incumbent else { return .failure(try explainInfeasible(ledger: ledger)) }
        let outcomes = try problem.scenarios.map { s throws(Diagnostic) in
            ScenarioOutcome(scenario: s.name, result: try s.replay(heapKiB: best.heapKiB, knobs: best.knobs))
        }
        let next = try problem.scenarios.map { s throws(Diagnostic) in
            ScenarioOutcome(scenario: s.name, result: try s.replay(heapKiB: best.heapKiB + 1, knobs: best.knobs))
        }
        return .success(Answer(best: best, value: value, outcomes: outcomes, atOneMore: next,
                               replays: ledger.replays, solves: solves, cuts: cuts, proved: proved))
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

    /// The largest heap at which `combo` is accepted. Acceptance is a window: too small a heap
    /// runs Python out of memory, too large one starves the IDF. From the MIP's hint the search
    /// moves the way each replay's failure points — exponentially up from an accepted size, then
    /// by bisection — and returns nil when no size is accepted.
    func largestAcceptableHeap(_ combo: [String: Int], hint: Int, ledger: Ledger) throws(Diagnostic) -> Int? {
        let range = problem.heapRange
        func judge(_ h: Int) throws(Diagnostic) -> Verdict { try verdict(Candidate(heapKiB: h, knobs: combo), ledger: ledger) }
        var low = range.lowerBound, high = range.upperBound
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
