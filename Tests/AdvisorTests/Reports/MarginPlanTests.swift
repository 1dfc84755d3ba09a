import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver
@testable import Advisor

/// The margin objective on the seed report's own scenario (mp#16650: ESP32, IDF 5.4, MicroPython 1.24, the
/// recorded nfc-player-https program): the board failed at 56 and 54 KiB and worked at 52 KiB. The model reproduces
/// that, and the real GC's split-heap growth (the heap doubles when a collection frees too little) makes the
/// landscape jagged: below 60 KiB the heap grows while main.py compiles, from 60 KiB it never does.
@Suite("margin objective on the seed report")
struct MarginPlanTests {
    func seedProblem(_ objective: RecommendationObjective) throws -> (RecommendationProblem, PreparedScenario) {
        let library = try shippedLibraryValue()
        let report = try #require(library.reports.first { $0.id == "mp-16650-esp32-idf54-two-tls-endpoints" })
        let runner = ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path))
        let scenario = try runner.prepare(report).get()
        var problem = RecommendationProblem(scenarios: [scenario], knobs: [], heapRange: 8...100,
                                            idfHeadroom: RecommendationRequest.defaultHeadroom)
        problem.objective = objective
        return (problem, scenario)
    }

    /// The answer keeps clear of the reported failures by more than the radius, leaves the IDF more than the
    /// reporter's working 52 KiB did and more than the largest heap would, and is the exhaustive answer.
    @Test func theSeedGetsTheHeapWithTheMostIDFMarginAwayFromItsFailures() throws {
        let (problem, scenario) = try seedProblem(.leastKnobCostThenIDFFree)
        let answer = try Recommender(problem: problem).recommend().get()
        let margin = try #require(answer.margin)
        let heap = answer.best.heapKiB
        #expect(abs(heap - 54) > problem.marginRadius && abs(heap - 56) > problem.marginRadius, "\(heap) KiB is next to a reported failure")
        let reported = try #require(try scenario.replay(heapKiB: 52, knobs: [:]))
        #expect(reported.fits)
        #expect(margin.worstNearby > reported.minimumInternalFree)
        #expect(margin.worstNearby > margin.freeAtLargest)
        #expect(margin.largestAcceptedHeap > heap)
        for near in (heap - margin.radius)...(heap + margin.radius) {
            let r = try #require(try scenario.replay(heapKiB: near, knobs: [:]))
            #expect(problem.acceptable(r) && r.minimumInternalFree >= margin.worstNearby, "\(near) KiB")
        }
        let oracle = try Oracle.solveForMargin(problem)
        #expect(oracle.best == answer.best)
        #expect(oracle.value == Double(margin.worstNearby))
        #expect(answer.replays * 2 < oracle.replays, "optimiser \(answer.replays) replays, oracle \(oracle.replays)")
    }

    /// The largest-heap objective on the same scenario: its answer leaves the IDF less than the margin objective's.
    @Test func theLargestHeapLeavesLessMargin() throws {
        let (problem, _) = try seedProblem(.largestHeapLessKnobCost)
        let largest = try Recommender(problem: problem).recommend().get()
        #expect(largest.margin == nil)
        let (marginProblem, _) = try seedProblem(.leastKnobCostThenIDFFree)
        let margin = try #require(try Recommender(problem: marginProblem).recommend().get().margin)
        #expect(margin.largestAcceptedHeap == largest.best.heapKiB)
        let free = try #require(largest.outcomes.first?.result?.minimumInternalFree)
        #expect(free == margin.freeAtLargest)
        #expect(free < margin.worstNearby)
    }

    /// `reports run` carries the plan: the answer above, beside the initial heaps the board failed at.
    @Test func theSeedsScorecardCarriesThePlan() throws {
        let library = try shippedLibraryValue()
        let card = try ReportsCommand.run(["mp-16650-esp32-idf54"], library: library)
        let plan = try #require(card.reports.first?.plan)
        let (problem, _) = try seedProblem(.leastKnobCostThenIDFFree)
        let answer = try Recommender(problem: problem).recommend().get()
        #expect(plan.initialHeapKiB == answer.best.heapKiB)
        #expect(plan.failedAt.sorted() == [54, 56])
        #expect(plan.objective == ObjectiveName.idfMargin.rawValue)
        #expect(plan.worstIDFFreeNearby == answer.margin?.worstNearby)
        #expect(plan.idfFreeAtPeak == answer.outcomes.first?.result?.minimumInternalFree)
        #expect(ScorecardEmitter.text(card).contains("heapfit's plan: initial heap \(answer.best.heapKiB) KiB"))
    }
}
