import Model
import Simulator

/// The margin objective (`RecommendationObjective.leastKnobCostThenIDFFree`), for firmware whose Python heap grows:
/// the initial area is not a goal in itself, because Python takes more from the IDF heap when it needs it. So the
/// answer is the cheapest knob combination that serves every scenario, then the initial heap that leaves the IDF the
/// most free internal memory at its peak — counted at the worst of every heap within `marginRadius` KiB, so that an
/// answer is never one step from a failing heap — then the larger heap (a tie is a heap whose size costs the IDF
/// nothing: on a PSRAM board the initial area goes to PSRAM, and the Python heap may as well have it all).
///
/// Two phases. The knob combination comes from the largest-heap loop run with the costs made lexicographic (one unit
/// of cost outweighs the whole heap range): the least cost, and among the combinations of that cost the one that
/// reaches the largest heap, i.e. leaves the IDF the most room. Its heaps are then surveyed: every `marginGridStep`
/// KiB from the range's floor to the largest accepted heap, then every KiB around the best survey points.
extension Recommender {
    /// KiB between the first survey's heaps.
    public static let marginGridStep = 4
    /// Survey points whose neighbourhood is replayed KiB by KiB.
    static let marginRefinements = 2

    func marginSearch(ledger: Ledger) throws(Diagnostic) -> Result<Answer, Failure> {
        var lexicographic = problem
        lexicographic.objective = .largestHeapLessKnobCost
        if problem.costWeight > 0 { lexicographic.costWeight = problem.lexicographicCostWeight }
        let inner = Recommender(problem: lexicographic, solver: solver, listsSmallSpaces: listsSmallSpaces)
        let end: LoopEnd
        switch try inner.largestHeapLoop(ledger: ledger) {
        case .failure(let f): return .failure(f)
        case .success(let e): end = e
        }
        guard let (found, _) = end.incumbent else {
            return try finish(nil, ledger: ledger, solves: end.solves, cuts: end.cuts, proved: end.proved)
        }
        let largest = try inner.cheapest(found, ledger: ledger)
        let chosen = try quietestHeap(largest, ledger: ledger)
        return try finish((chosen.candidate, problem.value(chosen.candidate)), ledger: ledger, solves: end.solves,
                          cuts: end.cuts, proved: end.proved, margin: chosen.margin)
    }

    /// The heap of `largest`'s knob combination, from the range's floor to `largest.heapKiB`, with the most IDF memory
    /// free at the peak over its neighbourhood (ties: the larger heap).
    func quietestHeap(_ largest: Candidate, ledger: Ledger) throws(Diagnostic) -> (candidate: Candidate, margin: Answer.Margin) {
        let knobs = largest.knobs
        let low = problem.heapRange.lowerBound, high = largest.heapKiB
        let radius = max(problem.marginRadius, 0)
        func free(_ heap: Int) throws(Diagnostic) -> Int {
            guard problem.heapRange.contains(heap) else { return .max }  // outside the range: no heap to be near
            return try worstFree(Candidate(heapKiB: heap, knobs: knobs), ledger: ledger)
        }
        var survey = Array(stride(from: low, through: high, by: Self.marginGridStep))
        if survey.last != high { survey.append(high) }
        var measured: [(heap: Int, free: Int)] = []
        for heap in survey { measured.append((heap, try free(heap))) }
        let best = measured.filter { $0.free != .min }.sorted { $0.free != $1.free ? $0.free > $1.free : $0.heap > $1.heap }
        var considered = Set<Int>()
        for point in best.prefix(Self.marginRefinements) {
            for heap in max(low, point.heap - Self.marginGridStep)...min(high, point.heap + Self.marginGridStep) { considered.insert(heap) }
        }
        // Each considered heap with its neighbourhood's worst (replays are memoised by the ledger).
        var ranked: [(heap: Int, worst: Int)] = []
        for heap in considered.sorted() {
            var worst = Int.max
            for near in (heap - radius)...(heap + radius) { worst = min(worst, try free(near)) }
            ranked.append((heap, worst))
        }
        ranked.sort { $0.worst != $1.worst ? $0.worst > $1.worst : $0.heap > $1.heap }
        // Every considered heap is within a radius of a refused one (a narrow window): the best heap on its own.
        let heap = ranked.first(where: { $0.worst != .min })?.heap ?? best.first?.heap ?? high
        let worst = ranked.first(where: { $0.heap == heap })?.worst ?? .min
        let margin = Answer.Margin(radius: radius, worstNearby: worst == .min ? try free(heap) : worst, largestAcceptedHeap: high,
                                   freeAtLargest: try free(high))
        return (Candidate(heapKiB: heap, knobs: knobs), margin)
    }

    /// The least free internal IDF memory at the peak over every scenario when the candidate is accepted; `Int.min` when
    /// any scenario refuses it.
    func worstFree(_ candidate: Candidate, ledger: Ledger) throws(Diagnostic) -> Int {
        if let known = ledger.margins[candidate] { return known }
        var worst = Int.max
        for scenario in problem.scenarios {
            ledger.replays += 1
            let r = try scenario.replay(heapKiB: candidate.heapKiB, knobs: candidate.knobs)
            guard let r, problem.acceptable(r) else { worst = .min; break }
            worst = min(worst, r.minimumInternalFree)
        }
        ledger.margins[candidate] = worst
        return worst
    }
}

extension RecommendationProblem {
    /// A cost weight under which one step of knob cost outweighs every heap of the range, so that maximising
    /// `value` ranks by least cost first, then the largest heap. A step is the smallest positive cost of a level or
    /// difference between two levels' costs (the shipped costs are multiples of 0.5).
    var lexicographicCostWeight: Double {
        var step = Double.infinity
        for knob in knobs {
            for a in knob.costs {
                if a > 0 { step = min(step, a) }
                for b in knob.costs where abs(a - b) > 0 { step = min(step, abs(a - b)) }
            }
        }
        guard step.isFinite else { return 1 }
        return Double(heapRange.count + 1) / step
    }
}
