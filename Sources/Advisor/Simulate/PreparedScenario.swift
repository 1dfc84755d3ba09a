import Model
import Simulator
import Solver

/// A board booted on an IDF release, with a firmware and a workload loaded and the knob defaults
/// resolved: ready to replay as often as asked (by `simulate` once, by the optimiser many times).
public struct PreparedScenario: ScenarioEvaluator {
    public let device: BootedDevice
    public let firmware: Firmware
    public let workload: Workload
    public let loader: WorkloadLoader
    /// Knob defaults on this release (device facts applied), then the workload's own values.
    public let knobs: [String: Int]
    public let defaults: [String: Int]

    public var name: String { "\(device.board.name) · IDF \(device.idf) · \(firmware) · \(workload.name)" }

    public init(board: String, idf: IDFVersion, firmware: String?, workload: String, staticDRAM: Int?,
                catalogue: Catalogue, library: String) throws(Diagnostic) {
        let loader = WorkloadLoader(library: library)
        try self.init(board: board, idf: idf, firmware: firmware, workload: try loader.workload(workload),
                      staticDRAM: staticDRAM, catalogue: catalogue, library: library)
    }

    /// The same with a workload already loaded (the fuzz targets load it from text).
    public init(board: String, idf: IDFVersion, firmware: String?, workload: Workload, staticDRAM: Int?,
                catalogue: Catalogue, library: String) throws(Diagnostic) {
        device = try DeviceBoot.boot(catalogue: catalogue, boardName: board, idf: idf, staticDRAM: staticDRAM)
        loader = WorkloadLoader(library: library)
        self.workload = workload
        self.firmware = try SimulateCommand.resolveFirmware(firmware ?? self.workload.firmware, chip: device.chip.name, idf: idf,
                                                            checkSupport: firmware != nil)
        var defaults = try loader.knobTable().defaults(on: idf)
        // The number of cores FreeRTOS runs on and USB-OTG are facts of the device, not defaults.
        if defaults["FREERTOS_NUMBER_OF_CORES"] != nil {
            defaults["FREERTOS_NUMBER_OF_CORES"] = SimulateCommand.cpuCores(chip: device.chip.name,
                                                                             singleCore: device.board.features.singleCore)
        }
        if defaults["USB_OTG_SUPPORTED"] != nil { defaults["USB_OTG_SUPPORTED"] = SimulateCommand.usbOTG(chip: device.chip.name) ? 1 : 0 }
        self.defaults = defaults
        knobs = defaults.merging(self.workload.knobs) { _, w in w }
    }

    /// Replays with `overrides` on top of the scenario's knobs and, when given, another initial heap.
    public func run(initialHeap: Int?, overrides: [String: Int]) throws(Diagnostic) -> (ReplayResult, HeapPolicy) {
        var knobs = self.knobs
        for (name, value) in overrides {
            guard knobs[name] != nil else {
                throw Diagnostic("Unknown knob \(name) in --set", expected: "one of \(knobs.keys.sorted().joined(separator: ", "))",
                                 fix: "Check the name (Kconfig names without CONFIG_)." + NameSuggestion.hint(for: name, in: knobs.keys))
            }
            knobs[name] = value
        }
        let hooks: IDFSystem.GCHooks = firmware.port == .circuitpython ? .circuitpython : .micropython
        let startup = try SimulateCommand.startupTimeline(firmware: firmware, idf: device.idf, loader: loader, knobs: knobs)
        var replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: hooks), firmware: firmware,
                                    chip: device.chip.name, spiram: device.board.features.spiram, startup: startup,
                                    initialHeap: initialHeap)
        return (replayer.replay(try Timeline(workload, knobs: knobs)), replayer.policy)
    }

    /// `ScenarioEvaluator`: nil where the firmware cannot start with that heap.
    public func replay(heapKiB: Int, knobs: [String: Int]) -> ReplayResult? {
        try? run(initialHeap: heapKiB * 1024, overrides: knobs).0
    }
}
