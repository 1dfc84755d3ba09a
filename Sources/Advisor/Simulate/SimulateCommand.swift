import Model
import Simulator

/// What `heapfit simulate` asks.
public struct SimulationRequest: Sendable {
    public var board: String
    public var idf: IDFVersion
    public var firmware: String?
    public var workload: String
    public var initialHeap: Int?
    public var staticDRAM: Int?
    /// `--set KNOB=VALUE`, in the order given.
    public var knobs: [(String, Int)]

    public init(board: String, idf: IDFVersion, firmware: String? = nil, workload: String, initialHeap: Int? = nil,
                staticDRAM: Int? = nil, knobs: [(String, Int)] = []) {
        self.board = board
        self.idf = idf
        self.firmware = firmware
        self.workload = workload
        self.initialHeap = initialHeap
        self.staticDRAM = staticDRAM
        self.knobs = knobs
    }
}

/// What `heapfit simulate` reports: the context, then the replay.
public struct SimulationReport: Sendable {
    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var allocator: String
    public var firmware: Firmware
    public var heapPolicy: String
    public var workload: String
    public var workloadSource: String
    /// Knobs that differ from their defaults on this IDF release.
    public var changedKnobs: [String: Int]
    public var result: ReplayResult
    /// Every knob value in effect (defaults, the workload's, the user's).
    public var knobs: [String: Int] = [:]
    /// The known defects and pitfalls that apply (`advisories/advisories.yaml`), most severe first.
    public var advisories: [AppliedAdvisory] = []
    /// What the firmware runs on: "ESP-IDF 5.4.2", or "NONOS SDK" on an ESP8266.
    public var system: String = ""
    /// Set on a chip without ESP-IDF: the system heap is the SDK's, and these say what its figures mean.
    public var nonOSNotes: [String]? = nil
    /// The system heap's name in tables: "IDF", or "SDK" on an ESP8266.
    public var systemHeapLabel: String { nonOSNotes == nil ? "IDF" : "SDK" }
}

/// The `simulate` use case: boot, start the firmware, replay the workload.
public enum SimulateCommand {
    /// Runs `request`; `advisories` (e.g. `AdvisoryLibrary.load`) are evaluated against the scenario and its replay.
    public static func run(_ request: SimulationRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> SimulationReport {
        let scenario = try PreparedScenario(board: request.board, idf: request.idf, firmware: request.firmware,
                                            workload: request.workload, staticDRAM: request.staticDRAM,
                                            catalogue: catalogue, library: library)
        return try run(scenario, request: request, advisories: advisories)
    }

    /// Replays a prepared scenario with the request's initial heap and knobs (its board, IDF and
    /// workload are the scenario's).
    public static func run(_ scenario: PreparedScenario, request: SimulationRequest,
                           advisories: [Advisory] = []) throws(Diagnostic) -> SimulationReport {
        let (result, policy) = try scenario.run(initialHeap: request.initialHeap,
                                                overrides: Dictionary(request.knobs) { _, last in last })
        var knobs = scenario.knobs
        for (name, value) in request.knobs { knobs[name] = value }
        let context = AdvisoryContext(scenario: scenario, knobs: knobs, initialHeap: request.initialHeap, result: result)
        let device = scenario.device
        var report = SimulationReport(board: device.board.name, chip: device.chip.name, idf: device.idf,
                                      allocator: device.allocatorName, firmware: scenario.firmware,
                                      heapPolicy: policy.source, workload: scenario.workload.name,
                                      workloadSource: scenario.workload.source,
                                      changedKnobs: knobs.filter { scenario.defaults[$0.key] != $0.value }, result: result,
                                      knobs: knobs, advisories: AdvisoryEvaluator.applicable(advisories, to: context))
        report.system = "ESP-IDF \(device.idf)"
        if let facts = device.nonOS, let sdk = device.caps.heaps.first {
            report.system = "NONOS SDK"
            report.nonOSNotes = [
                "SDK heap: \(sdk.end - sdk.start) B at \(Hex.address(sdk.start))–\(Hex.address(sdk.end)) after \(device.staticDRAM.value) B "
                    + "of static DRAM [\(device.staticDRAM.confidence.rawValue): \(device.staticDRAM.source)].",
                "The SDK allocator is closed source: its heap is modelled as a byte budget (requests rounded to 4 B, no "
                    + "block header, no fragmentation), so SDK figures are upper bounds — what fails here fails on the "
                    + "board; what fits here may not. Compare the SDK low-water mark with esp.freemem() on the board.",
                "The Python heap is the static \(facts.gcHeapBytes) B array of ports/esp8266/main.c; axTLS allocates its "
                    + "buffers inside it (posix_helpers.c), so TLS memory shows in the GC columns.",
            ]
        }
        return report
    }

    /// Cores FreeRTOS schedules on: SOC_CPU_CORES_NUM of the chip (2 on ESP32, S3 and P4, 1 on
    /// the others; esp-idf components/soc/<chip>/include/soc/soc_caps.h), 1 with a single-core
    /// build (CONFIG_FREERTOS_UNICORE).
    public static func cpuCores(chip: String, singleCore: Bool) -> Int {
        guard !singleCore else { return 1 }
        return ["ESP32", "ESP32-S3", "ESP32-P4"].contains(chip.uppercased()) ? 2 : 1
    }

    /// Whether the chip has the USB-OTG peripheral (SOC_USB_OTG_SUPPORTED: S2, S3, P4), over which
    /// MicroPython ≤ 1.23 runs its REPL with IDF's TinyUSB task.
    public static func usbOTG(chip: String) -> Bool {
        ["ESP32-S2", "ESP32-S3", "ESP32-P4"].contains(chip.uppercased())
    }

    /// The ESP8266 runs the ESP8266 port only, and that port runs on nothing else.
    static func checkPort(_ firmware: Firmware, device: BootedDevice) throws(Diagnostic) {
        let esp8266 = firmware.port == .micropythonESP8266
        if device.nonOS != nil, !esp8266 {
            throw Diagnostic("\(firmware) does not run on \(device.board.name) (\(device.chip.name), NONOS SDK)",
                             expected: "an ESP8266 port release, e.g. micropython-esp8266-1.24",
                             fix: "Pass --firmware micropython-esp8266-1.24, or omit --firmware")
        }
        if device.nonOS == nil, esp8266 {
            throw Diagnostic("\(firmware) is the ESP8266 port; \(device.board.name) is an \(device.chip.name)",
                             expected: "an ESP32-family release, e.g. micropython-1.24 or circuitpython-9.2",
                             fix: "Pick an ESP8266 board (ESP8266_GENERIC) or another --firmware")
        }
    }

    /// `--firmware` as given, or the newest release for the chip and IDF. With `checkSupport` (the user named
    /// the release) a MicroPython release the support table knows must support `idf`, and one newer than the
    /// table's newest is refused: neither would build. A workload's own `firmware:` is a default a user may run
    /// on any release, so it is not checked.
    static func resolveFirmware(_ name: String?, chip: String, idf: IDFVersion,
                                checkSupport: Bool = false) throws(Diagnostic) -> Firmware {
        if let name {
            guard let f = Firmware(parsing: name) else {
                throw Diagnostic("'\(name)' is not a firmware release heapfit knows",
                                 expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, micropython-1.19, circuitpython-9.2, "
                                     + "micropython-esp8266-1.24 or pycom-1.20",
                                 fix: "Correct --firmware, or omit it for the newest release that supports this IDF")
            }
            if checkSupport, f.port == .micropython, chip.uppercased() != "ESP8266" { try f.checkSupported(idf: idf) }
            return f
        }
        guard let f = Firmware.newest(for: chip, idf: idf) else {
            throw Diagnostic("No MicroPython release supports ESP-IDF \(idf)",
                             expected: "an IDF release MicroPython lists in ports/esp32/README.md",
                             fix: "Name the firmware with --firmware, e.g. --firmware micropython-1.24")
        }
        return f
    }

    /// The start-up of the IDF and of the firmware, from `components/idf-startup.yaml` and
    /// `components/<port>-startup.yaml` when the library has them — or the release variants
    /// `idf-<X.Y>-startup.yaml` / `<port>-<X.Y>-startup.yaml` that describe older releases
    /// (`WorkloadLoader.startupComponent`). Their instances are named `idf-startup` and
    /// `<port>-startup` whichever file describes them.
    /// `idf` nil: a chip without ESP-IDF (ESP8266), where only the firmware starts.
    public static func startupTimeline(firmware: Firmware, idf: IDFVersion?, loader: WorkloadLoader,
                                knobs: [String: Int]) throws(Diagnostic) -> Timeline? {
        guard let workload = try startupWorkload(firmware: firmware, idf: idf, loader: loader) else { return nil }
        return try Timeline(workload, knobs: knobs)
    }

    /// The start-up as a workload, read from the component files once: `startupTimeline` without the
    /// knobs, so a scenario replayed many times does not parse its YAML at every replay.
    public static func startupWorkload(firmware: Firmware, idf: IDFVersion?, loader: WorkloadLoader) throws(Diagnostic) -> Workload? {
        var components: [String: ComponentDefinition] = [:]
        var steps: [WorkloadStep] = []
        var parts: [(String, (Int, Int))] = [(firmware.port.rawValue, (firmware.major, firmware.minor))]
        if let idf { parts.insert(("idf", (idf.major, idf.minor)), at: 0) }
        for (base, release) in parts {
            guard let definition = try loader.startupComponent(base, release: release) else { continue }
            components[definition.name] = definition
            steps.append(WorkloadStep(.open(component: definition.name, instance: "\(base)-startup", parameters: [:]),
                                      line: 0, label: "start-up: \(definition.name)"))
        }
        guard !steps.isEmpty else { return nil }
        return Workload(name: "start-up", description: "", source: "", calibration: nil, firmware: nil, knobs: [:],
                        steps: steps, components: components, file: loader.library)
    }
}
