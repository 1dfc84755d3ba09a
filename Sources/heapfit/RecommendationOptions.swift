import Advisor
import ArgumentParser

/// The options `recommend`, `sdkconfig` and `board-files` share: what to recommend for.
struct RecommendationOptions: ParsableArguments {
    @Option(help: "Board name from boards.yaml (default: ESP32_GENERIC).")
    var board: String?

    @Option(name: .customLong("idf"), help: "ESP-IDF release (repeatable: one setting for all; default: the newest the newest MicroPython supports with known static sizes).")
    var idfs: [String] = []

    @Option(help: "Firmware release, e.g. micropython-1.24 (default: the newest that supports --idf).")
    var firmware: String?

    @Option(name: .customLong("workload"), help: "A shipped workload or a YAML file (repeatable; default https-get-x2).")
    var workloads: [String] = []

    @Option(name: .customLong("static-dram"), parsing: .unconditional, help: "Static DRAM of your build (idf.py size \"Used static DRAM\").")
    var staticDRAM: String?

    @Option(name: .customLong("idf-headroom"), parsing: .unconditional, help: "Free internal IDF memory to keep at the workload's peak (default 12K).")
    var idfHeadroom: String?

    @Option(name: .customLong("cost-weight"), parsing: .unconditional, help: "Weight of knob costs against 1 KiB of Python heap (0 ignores them).")
    var costWeight: Double = 1

    @Option(name: .customLong("keep"), help: "A knob the optimiser must leave at its default (repeatable).")
    var keep: [String] = []

    @Option(help: "Your build's sdkconfig: its knob values are the starting point instead of the defaults.")
    var sdkconfig: String?

    @Option(help: ArgumentHelp("What the answer is ranked by: largest-heap (the largest initial heap that keeps the IDF headroom) "
                               + "or idf-margin (the cheapest knobs, then the most IDF memory free at the peak). Default: "
                               + "idf-margin where the firmware's Python heap grows (split heap), largest-heap where it is fixed.",
                               valueName: "objective"))
    var objective: ObjectiveName?

    /// The request these options describe (the sdkconfig's knob values as the baseline).
    func request(library: Library) throws(Diagnostic) -> RecommendationRequest {
        guard costWeight >= 0, costWeight.isFinite else {
            throw Diagnostic("--cost-weight \(costWeight) is not a non-negative number", fix: "Pass e.g. --cost-weight 0.5")
        }
        var request = RecommendationRequest(
            board: board, idfs: try idfs.map { s throws(Diagnostic) in try parseIDF(s) }, firmware: firmware,
            workloads: workloads, staticDRAM: try staticDRAM.map { s throws(Diagnostic) in try parseSize(s, option: "--static-dram") },
            idfHeadroom: try idfHeadroom.map { s throws(Diagnostic) in try parseSize(s, option: "--idf-headroom") }
                ?? RecommendationRequest.defaultHeadroom,
            costWeight: costWeight, fixedKnobs: keep)
        request.objective = objective?.objective
        if let config = try readSdkconfig() { request.baseline = try SdkconfigBaseline.knobValues(config, library: library.path) }
        return request
    }

    /// The parsed `--sdkconfig` file, nil without the option.
    func readSdkconfig() throws(Diagnostic) -> Sdkconfig? {
        try sdkconfig.map { path throws(Diagnostic) in try SdkconfigBaseline.read(path) }
    }
}
