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
        let device = try DeviceBoot.boot(catalogue: catalogue, boardName: request.board, idf: request.idf,
                                         staticDRAM: request.staticDRAM)
        let loader = WorkloadLoader(library: library)
        let workload = try loader.workload(request.workload)
        let firmware = try resolveFirmware(request.firmware ?? workload.firmware, chip: device.chip.name, idf: request.idf)
        let table = try loader.knobTable()
        let defaults = table.defaults(on: request.idf)
        var knobs = defaults.merging(workload.knobs) { _, w in w }
        for (name, value) in request.knobs {
            guard knobs[name] != nil else {
                throw Diagnostic("Unknown knob \(name) in --set", expected: "one of \(knobs.keys.sorted().joined(separator: ", "))",
                                 fix: "Check the name (Kconfig names without CONFIG_)")
            }
            knobs[name] = value
        }
        let hooks: IDFSystem.GCHooks = firmware.port == .circuitpython ? .circuitpython : .micropython
        let startup = try startupTimeline(firmware: firmware, loader: loader, knobs: knobs)
        var replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: hooks), firmware: firmware,
                                    chip: device.chip.name, spiram: device.board.features.spiram, startup: startup,
                                    initialHeap: request.initialHeap)
        let result = replayer.replay(try Timeline(workload, knobs: knobs))
        return SimulationReport(board: device.board.name, chip: device.chip.name, idf: request.idf,
                                allocator: "\(device.variant)", firmware: firmware,
                                heapPolicy: replayer.policy.source, workload: workload.name,
                                workloadSource: workload.source,
                                changedKnobs: knobs.filter { defaults[$0.key] != $0.value }, result: result)
    }

    /// `--firmware` as given, or the newest release for the chip and IDF.
    static func resolveFirmware(_ name: String?, chip: String, idf: IDFVersion) throws(Diagnostic) -> Firmware {
        if let name {
            guard let f = Firmware(parsing: name) else {
                throw Diagnostic("'\(name)' is not a firmware release heapfit knows",
                                 expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, micropython-1.19, circuitpython-9.2, "
                                     + "micropython-esp8266-1.24 or pycom-1.20",
                                 fix: "Correct --firmware, or omit it for the newest release that supports this IDF")
            }
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
    /// `components/<port>-startup.yaml` when the library has them.
    static func startupTimeline(firmware: Firmware, loader: WorkloadLoader, knobs: [String: Int]) throws(Diagnostic) -> Timeline? {
        var components: [String: ComponentDefinition] = [:]
        var steps: [WorkloadStep] = []
        for name in ["idf-startup", "\(firmware.port.rawValue)-startup"] {
            guard let definition = try loader.shippedComponent(name) else { continue }
            components[name] = definition
            steps.append(WorkloadStep(.open(component: name, instance: name, parameters: [:]), line: 0, label: "start-up: \(name)"))
        }
        guard !steps.isEmpty else { return nil }
        let workload = Workload(name: "start-up", description: "", source: "", calibration: nil, firmware: nil, knobs: [:],
                                steps: steps, components: components, file: loader.library)
        return try Timeline(workload, knobs: knobs)
    }
}
