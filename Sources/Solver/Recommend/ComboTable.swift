/// The integer program of `Formulation`, solved without a MIP backend where the knob space is small
/// enough to list: fixing every knob binary leaves a program in h (and each scenario's growth and
/// big-block binary) whose optimum is a closed form, so the program's optimum is the best of those
/// over every combination. Each round of the refinement loop is then a scan of this table instead
/// of a branch-and-bound with one big-M row per cut (71% of `recommend --workload tls-x2-concurrent`
/// was GLPK, 209 solves; `perf`, issue 16).
struct ComboTable {
    /// The most combinations listed; larger spaces go to the MIP backend.
    static let maximumCombinations = 250_000

    let problem: RecommendationProblem
    /// Knob level index of every combination, knob-major (`levels[c * knobCount + k]`).
    private(set) var levels: [Int32] = []
    /// Weighted cost of every combination.
    private(set) var cost: [Double] = []
    /// The program's largest h for every combination (Int.min: none), lowered by cuts.
    private(set) var heap: [Int] = []
    let knobCount: Int

    init?(_ formulation: Formulation) {
        let problem = formulation.problem
        self.problem = problem
        knobCount = problem.knobs.count
        var count = 1
        for knob in problem.knobs {
            count = count.multipliedReportingOverflow(by: max(knob.levels.count, 1)).partialValue
            if knob.levels.isEmpty || count > Self.maximumCombinations { return nil }
        }
        // Per scenario, per knob, per level: the demand and largest-request deltas.
        let scenarios = formulation.estimates
        func table(_ pick: (ScenarioEstimate) -> [String: [Int: Double]]) -> [[[Double]]] {
            scenarios.map { e in problem.knobs.map { knob in knob.levels.map { pick(e)[knob.name]?[$0] ?? 0 } } }
        }
        let demand = table(\.demandDelta), request = table(\.requestDelta)
        // A level that costs more than another level of its knob and, measured in every scenario, takes at
        // least as many bytes and as large a request, can only lose in the program: its combinations are
        // left out (DYNAMIC_RX/TX and TCP_SND_BUF levels move nothing at the probe: 4374 → 162 on https-get).
        let dominated: [[Bool]] = problem.knobs.enumerated().map { k, knob in
            knob.levels.indices.map { i in
                knob.levels.indices.contains { j in
                    knob.costs[j] < knob.costs[i] && scenarios.indices.allSatisfy { s in
                        demand[s][k][j] <= demand[s][k][i] && request[s][k][j] <= request[s][k][i]
                    }
                }
            }
        }
        levels.reserveCapacity(count * knobCount)
        cost.reserveCapacity(count)
        heap.reserveCapacity(count)
        var index = [Int](repeating: 0, count: knobCount)
        for _ in 0..<count {
            var c = 0.0
            for (k, knob) in problem.knobs.enumerated() {
                levels.append(Int32(index[k]))
                c += problem.costWeight * knob.costs[index[k]]
            }
            cost.append(c)
            var high = problem.heapRange.upperBound, low = problem.heapRange.lowerBound
            for (s, e) in scenarios.enumerated() {
                var d = 0.0, r = 0.0
                for k in 0..<knobCount {
                    d += demand[s][k][index[k]]
                    r += request[s][k][index[k]]
                }
                Self.bound(e, demandDelta: d, requestDelta: r, headroom: Double(problem.idfHeadroom), low: &low, high: &high)
            }
            let leftOut = (0..<knobCount).contains { dominated[$0][index[$0]] }
            heap.append(low <= high && !leftOut ? high : Int.min)
            // Next combination: the last knob varies fastest, as `RecommendationProblem.combinations`.
            var k = knobCount - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < problem.knobs[k].levels.count { break }
                index[k] = 0
                k -= 1
            }
        }
    }

    /// Narrows [low, high] to the h the scenario's rows of `Formulation.build` allow with the knob
    /// binaries fixed (growth and the big-block binary chosen at their best).
    static func bound(_ e: ScenarioEstimate, demandDelta d: Double, requestDelta r: Double, headroom: Double,
                      low: inout Int, high: inout Int) {
        // Byte counts of these chips are far inside ±1e15; the clamp keeps a wild estimate from trapping.
        func atMost(_ x: Double) { high = min(high, Int(min(max(x + 1e-9, -1e15), 1e15).rounded(.down))) }
        func atLeast(_ x: Double) { low = max(low, Int(min(max(x - 1e-9, -1e15), 1e15).rounded(.up))) }
        // The initial area fits in the largest free block.
        atMost((e.largestBlock - 32) / 1024)
        // Bytes: a·h + growth + d ≤ rhs, growth ≥ 0, and the Python peak held by 1000·h + growth.
        let rhs = e.capacity - e.demand - headroom
        let a = e.gcInternal ? 1024.0 * 524 / 512 : 0
        if e.grows {
            let peak = e.pythonPeak * 1.03
            // growth = max(0, peak − 1000h): both branches must fit.
            if a > 0 { atMost((rhs - d) / a) } else if d > rhs { high = Int.min; return }
            if a - 1000 > 0 {
                atMost((rhs - d - peak) / (a - 1000))
            } else {
                atLeast((peak - rhs + d) / (1000 - a))
            }
        } else {
            if a > 0 { atMost((rhs - d) / a) } else if d > rhs { high = Int.min; return }
            atLeast(e.pythonPeak / 1000)
        }
        // The largest IDF request fits in the second block regardless of h, or beside the heap.
        if r > e.secondLargestBlock - e.largestRequest {
            atMost((e.largestBlock - 64 - e.largestRequest - r) / 1024)
        }
    }

    /// The combination the program would choose: the largest h less cost, better than `incumbent`
    /// by the program's margin; of equal values the larger heap (as GLPK's branching tends to), then
    /// the first combination listed. Nil: the program is infeasible.
    func best(above incumbent: Double?) -> (index: Int, heap: Int)? {
        var found: (index: Int, heap: Int)?
        var value = incumbent.map { $0 + 1e-3 } ?? -Double.infinity
        for c in heap.indices where heap[c] != Int.min {
            let v = Double(heap[c]) - cost[c]
            if v > value || (v == value && found.map { heap[c] > $0.heap } == true) {
                value = v
                found = (c, heap[c])
            }
        }
        return found
    }

    /// The combination has been searched: it is not proposed again (what it reaches from the floor up is known,
    /// and the incumbent only rises).
    mutating func settle(_ index: Int) { heap[index] = Int.min }

    /// The knob values of combination `index`.
    func combo(_ index: Int) -> [String: Int] {
        var combo: [String: Int] = [:]
        for (k, knob) in problem.knobs.enumerated() { combo[knob.name] = knob.levels[Int(levels[index * knobCount + k])] }
        return combo
    }
}
