import Model
import Simulator
import Solver

/// What `heapfit sdkconfig` and `heapfit board-files` answer: the recommendation, and its sdkconfig
/// fragment for the first IDF release asked.
public struct EmitReport: Sendable {
    public var recommendation: RecommendationReport
    public var fragment: SdkconfigFragment
}

/// The use case behind the emitters: the recommendation of `heapfit recommend` (same request), from
/// the user's sdkconfig when given, with each knob change replayed for what it is worth.
public enum EmitCommand {
    public static func run(_ request: RecommendationRequest, sdkconfig: Sdkconfig?, catalogue: Catalogue,
                           library: String) throws(Diagnostic) -> EmitReport {
        let symbols = try KconfigSymbols.load(library: library)
        var request = request
        if let sdkconfig { request.baseline = try SdkconfigBaseline.knobValues(sdkconfig, library: library) }
        // With a catalogue interval of static DRAM, the answer of `recommend` (the worst end, or the lower end with its threshold).
        let solved = try RecommendCommand.solve(request, catalogue: catalogue, library: library)
        let prepared = solved.prepared
        let (report, answer) = try RecommendCommand.run(solved, request: request, catalogue: catalogue, library: library)
        let worth = try KnobWorth.measure(report.knobChanges, answer: answer, scenarios: prepared.scenarios)
        var knobs = prepared.scenarios.first?.knobs ?? [:]
        knobs.merge(answer.best.knobs) { _, chosen in chosen }
        let fragment = try SdkconfigFragment.make(report: report, idf: report.idf, table: prepared.table, symbols: symbols,
                                                  worth: worth, knobs: knobs, baseline: sdkconfig)
        return EmitReport(recommendation: report, fragment: fragment)
    }
}
