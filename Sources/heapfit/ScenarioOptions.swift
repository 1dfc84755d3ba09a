import Advisor
import ArgumentParser

/// The options that name a scenario to replay, shared by `simulate` and `map`.
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Board name from boards.yaml, e.g. ESP32_GENERIC-SPIRAM.")
    var board: String = RecommendationRequest.defaultBoard

    @Option(help: "ESP-IDF release, e.g. 5.4.2 (default: the newest the board has data for; none on ESP8266).")
    var idf: String?

    @Option(help: "Firmware release, e.g. micropython-1.24, circuitpython-9.2 (default: the newest that supports --idf).")
    var firmware: String?

    @Option(help: "A shipped workload name or a path to a workload YAML file (docs/workloads.md).")
    var workload: String = RecommendationRequest.defaultWorkload

    @Option(name: .customLong("initial-heap"), parsing: .unconditional, help: "Initial Python heap size instead of the firmware's: 56K, 57344, 0xE000.")
    var initialHeap: String?

    @Option(name: .customLong("static-dram"), parsing: .unconditional, help: "Static DRAM of your build (idf.py size \"Used static DRAM\").")
    var staticDRAM: String?

    @Option(name: .customLong("set"), parsing: .singleValue, help: "Set a knob: KNOB=VALUE (repeatable), e.g. MBEDTLS_SSL_IN_CONTENT_LEN=4096.")
    var knobs: [String] = []

    @Option(help: "Your build's sdkconfig: its knob values replace the defaults (--set still wins).")
    var sdkconfig: String?

    /// The options parsed into a request (the IDF release resolved for the board, the sdkconfig's
    /// knob values before the `--set` ones); a malformed value is a diagnostic.
    func request(library: Library) throws(Diagnostic) -> SimulationRequest {
        let release = try resolveIDF(idf, board: board, catalogue: library.catalogue, firmware: firmware)
        var request = SimulationRequest(board: board, idf: release, firmware: firmware, workload: workload,
                                        initialHeap: try initialHeap.map { s throws(Diagnostic) in try parseSize(s, option: "--initial-heap") },
                                        staticDRAM: try staticDRAM.map { s throws(Diagnostic) in try parseSize(s, option: "--static-dram") },
                                        knobs: try knobs.map { s throws(Diagnostic) in try parseKnob(s) })
        if let sdkconfig {
            let values = try SdkconfigBaseline.knobValues(try SdkconfigBaseline.read(sdkconfig), library: library.path)
            request.knobs = values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + request.knobs
        }
        return request
    }
}
