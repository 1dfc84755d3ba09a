import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver
@testable import Advisor

/// Every bound heapfit puts on work an input can ask for is hit quickly here, and its diagnostic
/// names the limit and what to change.
@Suite("limits")
struct LimitsTests {
    /// A workload of `steps` (YAML list items) loaded from text, as if it sat in workloads/.
    func workload(_ steps: String) throws -> Workload {
        try WorkloadLoader(library: repositoryWorkloads).workload(
            text: "workload: limits\nsource: test\nsteps:\n" + steps, file: repositoryWorkloads + "/limits-test.yaml")
    }

    @Test func repeatsTimesCountsAreRefusedBeforeAnythingIsExpanded() throws {
        // 100000 × 1000 Python objects: 10⁸ events, refused from the counts alone (no 10 GB of events built).
        let w = try workload("  - repeat:\n      times: 100000\n      steps:\n        - python: {bytes: 16, count: 1000}\n")
        #expect(Timeline.leastEvents(w.steps) == 100_000 * (1000 + 1) + 1)
        do {
            _ = try Timeline(w, knobs: [:])
            Issue.record("a 10⁸-event workload compiled")
        } catch {
            #expect(error.what.contains("at least 100100001 events"))
            #expect(error.what.contains("limit of \(Timeline.maximumEvents) events"))
            #expect(error.fix?.contains("Lower repeat times or python counts") == true)
            #expect(error.line == 4)
        }
    }

    @Test func theEventLimitIsCheckedEventByEventToo() throws {
        // Component operations are not in the lower bound: wifi-sta alone is dozens of events.
        let w = try workload("  - open: wifi-sta\n")
        let knobs = try WorkloadLoader(library: repositoryWorkloads).knobTable().defaults(on: IDFVersion(5, 4, 2))
        #expect(Timeline.leastEvents(w.steps) == 1)
        #expect(throws: Diagnostic.self) { try Timeline(w, knobs: knobs, maximumEvents: 5) }
        do {
            _ = try Timeline(w, knobs: knobs, maximumEvents: 5)
        } catch {
            #expect(error.what == "The workload expands to more than 5 events, the limit heapfit replays")
        }
        #expect(try Timeline(w, knobs: knobs).events.count > 5)
    }

    @Test func saturatingCountsNeverOverflow() throws {
        var steps = [WorkloadStep(.python(bytes: .number(1), count: 1_000_000, keep: nil), line: 1)]
        for _ in 0..<6 { steps = [WorkloadStep(.repeat(times: 100_000, steps: steps), line: 1)] }
        #expect(Timeline.leastEvents(steps) == .max)
    }

    @Test func recommendRefusesWorkloadsOverItsEventLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-limits-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.yaml")
        // 2100 × 1001 + 1 = 2,102,101 events at least: over recommend's 2,000,000, under simulate's 20,000,000.
        try "workload: long\nsource: test\nsteps:\n  - repeat:\n      times: 2100\n      steps:\n        - python: {bytes: 16, count: 1000}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let request = RecommendationRequest(workloads: [file.path])
        do {
            _ = try RecommendCommand.prepare(request, catalogue: try CatalogueLoader.load(path: repositoryCatalogue),
                                             library: repositoryWorkloads)
            Issue.record("recommend accepted a 2.1M-event workload")
        } catch {
            #expect(error.what.contains("limit of 2000000 events"))
            #expect(error.fix?.contains("recommend replays each workload tens to hundreds of times") == true)
            #expect(error.file == file.path)
        }
    }

    @Test func theSolveLimitStopsTheLoopAndTheReportSaysTheAnswerIsUnproved() throws {
        let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
        let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...108,
                                            idfHeadroom: 12 * 1024, maximumSolves: 1)
        let answer = try Recommender(problem: problem).recommend().get()
        #expect(answer.solves == 1)
        #expect(!answer.proved)
        let full = try Recommender(problem: RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice],
                                                                  heapRange: 8...108, idfHeadroom: 12 * 1024)).recommend().get()
        #expect(full.proved)
        #expect(full.solves > 1)
        var report = try RecommendCommand.run(RecommendationRequest(), catalogue: try CatalogueLoader.load(path: repositoryCatalogue),
                                              library: repositoryWorkloads)
        #expect(report.stoppedAtSolveLimit == nil)
        report.stoppedAtSolveLimit = 256
        let text = RecommendationTextEmitter.render(report)
        #expect(text.contains("the search stopped at its limit of 256 integer programs"))
        #expect(RecommendationJSONEmitter.render(report).contains("\"proved\" : false"))
    }

    @Test func aSolverTimeLimitIsToldAsALimitWithWhatToAskForInstead() throws {
        let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
        let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...108,
                                            idfHeadroom: 12 * 1024, solverTimeLimit: 0.5)
        // A backend that always runs out of time: the loop returns the failure, not a guess.
        struct OutOfTime: MIPSolver {
            func solve(_ model: MIPModel, timeLimit: Double) -> Result<MIPSolution, MIPFailure> { .failure(.timeLimit) }
        }
        guard case .failure(.solver(.timeLimit)) = Recommender(problem: problem, solver: OutOfTime()).recommend() else {
            Issue.record("the time limit was not reported")
            return
        }
        let d = RecommendCommand.solverFailure(.timeLimit, problem: problem)
        #expect(d.what.hasPrefix("No setting found"))  // exit 1 in the CLI, like every "no setting"
        #expect(d.what.contains("solver time limit of 0.5 s per solve"))
        #expect(d.fix?.contains("--keep") == true)
        #expect(RecommendCommand.solverFailure(.unbounded, problem: problem).what.hasPrefix("The optimiser failed"))
    }
}
