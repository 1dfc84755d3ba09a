import Model
import Simulator
import Solver

/// What heapfit would have recommended in a report's scenario where the board failed (issue #18, item 4): the
/// initial heap `recommend` answers for the report's own program, board, release and knobs, replayed, beside the
/// initial heaps the board failed at. Evidence that the answer would have avoided the failure — by replay, so only
/// as good as the model, and given only where the model reproduces the report.
public struct PlanEvidence: Sendable, Codable, Equatable {
    /// The answer, KiB of initial heap (knobs as the report has them).
    public var initialHeapKiB: Int
    /// `idf-margin` or `largest-heap` (`ObjectiveName`), chosen by the firmware's heap policy as `recommend` does.
    public var objective: String
    /// Free internal IDF memory at the program's peak with the answer.
    public var idfFreeAtPeak: Int
    /// Under the margin objective: the worst of that over the heaps within its radius.
    public var worstIDFFreeNearby: Int?
    /// The initial heaps (KiB) the board failed at and the replay fails at too.
    public var failedAt: [Int]
    /// The above for people.
    public var sentence: String
}

extension ReportRunner {
    /// The plan for a report whose failures at given initial heaps the model reproduces; nil otherwise, or when
    /// no initial heap serves the scenario.
    func plan(_ report: FieldReport, scenario: PreparedScenario, rows: [ObservationScore]) -> PlanEvidence? {
        var failed: [Int] = []
        for (o, row) in zip(report.observations, rows) {
            guard case .outcome(let outcome) = o.kind, outcome.fails, row.verdict == .reproduced,
                  let heap = report.settings.overridden(by: o.at).initialHeap else { continue }
            failed.append(heap / 1024)
        }
        guard !failed.isEmpty else { return nil }
        let knobs = Dictionary(report.settings.knobs.map { ($0.name, $0.value) }) { _, last in last }
        let evaluator = KnobsHeld(scenario: scenario, knobs: knobs)
        let largest = scenario.device.caps.largestFreeBlock(caps: .default) / 1024
        var problem = RecommendationProblem(scenarios: [evaluator], knobs: [], heapRange: 8...max(8, largest),
                                            idfHeadroom: RecommendationRequest.defaultHeadroom)
        let policy = scenario.firmware.heapPolicy(chip: scenario.device.chip.name, spiram: scenario.device.board.features.spiram)
        problem.objective = RecommendationObjective.used(heapGrows: policy.growth != .none)
        guard case .success(let answer) = Recommender(problem: problem).recommend(),
              let result = answer.outcomes.first?.result else { return nil }
        let name: ObjectiveName = problem.objective == .leastKnobCostThenIDFFree ? .idfMargin : .largestHeap
        let heap = answer.best.heapKiB
        var sentence = "initial heap \(heap) KiB (`heapfit recommend`, ranked by "
            + (name == .idfMargin ? "IDF margin: the heap grows" : "the largest heap: the heap is fixed") + ")"
        sentence += result.fits ? ": the replay fits with \(Bytes.text(result.minimumInternalFree)) of IDF memory free at the peak"
            : ": the replay fails"
        if let m = answer.margin { sentence += " (at least \(Bytes.text(m.worstNearby)) from \(heap - m.radius) to \(heap + m.radius) KiB)" }
        let listed = failed.map(String.init)
        sentence += ", where the reported " + (listed.count == 1 ? listed[0] : listed.dropLast().joined(separator: ", ") + " and " + listed.last!)
            + " KiB fail" + (listed.count == 1 ? "s" : "") + " on the board and in the replay."
        return PlanEvidence(initialHeapKiB: heap, objective: name.rawValue, idfFreeAtPeak: result.minimumInternalFree,
                            worstIDFFreeNearby: answer.margin?.worstNearby, failedAt: failed, sentence: sentence)
    }
}

/// A report's scenario replayed with the report's own knob values under every candidate the optimiser tries.
struct KnobsHeld: ScenarioEvaluator {
    let scenario: PreparedScenario
    let knobs: [String: Int]
    var name: String { scenario.name }

    func replay(heapKiB: Int, knobs other: [String: Int]) throws(Diagnostic) -> ReplayResult? {
        try scenario.replay(heapKiB: heapKiB, knobs: knobs.merging(other) { _, candidate in candidate })
    }
}
