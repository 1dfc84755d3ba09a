/// The integer program of a recommendation (ARCHITECTURE.md "Solver"): the initial heap h (KiB),
/// one binary per knob level, per scenario the Python heap's growth and the region the
/// workload's largest IDF block must fit in; maximise h less the weighted knob costs.
struct Formulation {
    /// A combination already replayed: its largest acceptable heap, or nil if none is.
    struct Cut {
        var combo: [String: Int]
        var maxHeap: Int?
    }

    let problem: RecommendationProblem
    let estimates: [ScenarioEstimate]

    /// Big-M large enough for any byte count of these chips.
    static let bigM = 1e8

    /// Builds the model. `levels[k][i]` is the binary of knob k at its i-th level.
    func build(cuts: [Cut], atLeast incumbent: Double?) -> (MIPModel, h: MIPModel.Variable, levels: [[MIPModel.Variable]]) {
        var m = MIPModel()
        m.maximize = true
        let h = m.addVariable("heap_kib", kind: .integer, lower: Double(problem.heapRange.lowerBound),
                              upper: Double(problem.heapRange.upperBound))
        m.setObjective(h, 1)
        var levels: [[MIPModel.Variable]] = []
        for knob in problem.knobs {
            let vars = knob.levels.map { m.addVariable("\(knob.name)=\($0)", kind: .binary) }
            m.addConstraint("one level of \(knob.name)", vars.map { ($0, 1) }, lower: 1, upper: 1)
            for (v, cost) in zip(vars, knob.costs) where cost != 0 { m.setObjective(v, -problem.costWeight * cost) }
            levels.append(vars)
        }
        for (s, e) in estimates.enumerated() { addScenario(s, e, to: &m, h: h, levels: levels) }
        for (c, cut) in cuts.enumerated() { addCut(c, cut, to: &m, h: h, levels: levels) }
        if let incumbent {
            var objective: [(MIPModel.Variable, Double)] = [(h, 1)]
            for (k, knob) in problem.knobs.enumerated() {
                for (i, cost) in knob.costs.enumerated() where cost != 0 { objective.append((levels[k][i], -problem.costWeight * cost)) }
            }
            m.addConstraint("better than the incumbent", objective, lower: incumbent + 1e-3)
        }
        return (m, h, levels)
    }

    /// The terms a per-knob-level table of deltas adds to a constraint.
    private func knobTerms(_ table: [String: [Int: Double]], _ levels: [[MIPModel.Variable]]) -> [(MIPModel.Variable, Double)] {
        var terms: [(MIPModel.Variable, Double)] = []
        for (k, knob) in problem.knobs.enumerated() {
            for (i, level) in knob.levels.enumerated() {
                if let d = table[knob.name]?[level], d != 0 { terms.append((levels[k][i], d)) }
            }
        }
        return terms
    }

    /// Scenario `s`'s constraints: the initial area fits, the bytes add up, the Python peak is held, and the largest
    /// IDF request fits beside the initial area or in the next block.
    private func addScenario(_ s: Int, _ e: ScenarioEstimate, to m: inout MIPModel, h: MIPModel.Variable,
                             levels: [[MIPModel.Variable]]) {
        // The initial area is one malloc: it must fit in the largest free block.
        m.addConstraint("s\(s) initial area fits", [(h, 1024)], upper: e.largestBlock - 32)
        // Bytes: GC areas + growth + the workload's IDF demand + headroom ≤ what there is.
        let growth = m.addVariable("s\(s) growth", kind: .continuous, lower: 0)
        // Areas malloc sends to PSRAM (above SPIRAM_MALLOC_ALWAYSINTERNAL) cost no internal bytes.
        var bytes: [(MIPModel.Variable, Double)] = e.gcInternal ? [(h, 1024 * 524 / 512), (growth, 1)] : []
        bytes += knobTerms(e.demandDelta, levels)
        m.addConstraint("s\(s) bytes", bytes, upper: e.capacity - e.demand - Double(problem.idfHeadroom))
        // The Python peak must be held: by the initial pool (≈ 1000 B per KiB) or by growth.
        if e.grows {
            m.addConstraint("s\(s) python", [(growth, 1), (h, 1000)], lower: e.pythonPeak * 1.03)
        } else {
            m.addConstraint("s\(s) python", [(h, 1000)], lower: e.pythonPeak)
        }
        // The largest IDF request fits beside the initial area in the largest block, or in the next one.
        let z = m.addVariable("s\(s) big block elsewhere", kind: .binary)
        var beside: [(MIPModel.Variable, Double)] = [(h, 1024), (z, -Self.bigM)]
        beside += knobTerms(e.requestDelta, levels)
        m.addConstraint("s\(s) big block beside the heap", beside, upper: e.largestBlock - 64 - e.largestRequest)
        var elsewhere: [(MIPModel.Variable, Double)] = [(z, Self.bigM)]
        elsewhere += knobTerms(e.requestDelta, levels)
        m.addConstraint("s\(s) big block elsewhere", elsewhere, upper: e.secondLargestBlock - e.largestRequest + Self.bigM)
    }

    /// A replayed combination: the heap is at most its largest accepted one when all its levels are chosen, or the
    /// combination is excluded when no heap is accepted.
    private func addCut(_ c: Int, _ cut: Cut, to m: inout MIPModel, h: MIPModel.Variable, levels: [[MIPModel.Variable]]) {
        let chosen: [(MIPModel.Variable, Double)] = problem.knobs.enumerated().compactMap { k, knob in
            guard let level = cut.combo[knob.name], let i = knob.levels.firstIndex(of: level) else { return nil }
            return (levels[k][i], 1)
        }
        let count = Double(chosen.count)
        if let maxHeap = cut.maxHeap {
            // h ≤ maxHeap whenever every level of the combination is chosen.
            m.addConstraint("cut \(c)", [(h, 1)] + chosen.map { ($0.0, Self.bigM) },
                            upper: Double(maxHeap) + Self.bigM * count)
        } else {
            // The combination is not acceptable at any heap size.
            m.addConstraint("no-good \(c)", chosen, upper: count - 1)
        }
    }
}
