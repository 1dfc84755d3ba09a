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
}

/// The `simulate` use case: boot, start the firmware, replay the workload.
public enum SimulateCommand {
    public static func run(_ request: SimulationRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> SimulationReport {
        let scenario = try PreparedScenario(board: request.board, idf: request.idf, firmware: request.firmware,
                                            workload: request.workload, staticDRAM: request.staticDRAM,
                                            catalogue: catalogue, library: library)
        let (result, policy) = try scenario.run(initialHeap: request.initialHeap,
                                                overrides: Dictionary(request.knobs) { _, last in last })
        var knobs = scenario.knobs
        for (name, value) in request.knobs { knobs[name] = value }
        return SimulationReport(board: scenario.device.board.name, chip: scenario.device.chip.name, idf: request.idf,
                                allocator: scenario.device.variant.name, firmware: scenario.firmware,
                                heapPolicy: policy.source, workload: scenario.workload.name,
                                workloadSource: scenario.workload.source,
                                changedKnobs: knobs.filter { scenario.defaults[$0.key] != $0.value }, result: result)
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
    public static func startupTimeline(firmware: Firmware, idf: IDFVersion, loader: WorkloadLoader,
                                knobs: [String: Int]) throws(Diagnostic) -> Timeline? {
        var components: [String: ComponentDefinition] = [:]
        var steps: [WorkloadStep] = []
        let parts: [(String, (Int, Int))] = [("idf", (idf.major, idf.minor)),
                                              (firmware.port.rawValue, (firmware.major, firmware.minor))]
        for (base, release) in parts {
            guard let definition = try loader.startupComponent(base, release: release) else { continue }
            components[definition.name] = definition
            steps.append(WorkloadStep(.open(component: definition.name, instance: "\(base)-startup", parameters: [:]),
                                      line: 0, label: "start-up: \(definition.name)"))
        }
        guard !steps.isEmpty else { return nil }
        let workload = Workload(name: "start-up", description: "", source: "", calibration: nil, firmware: nil, knobs: [:],
                                steps: steps, components: components, file: loader.library)
        return try Timeline(workload, knobs: knobs)
    }
}
