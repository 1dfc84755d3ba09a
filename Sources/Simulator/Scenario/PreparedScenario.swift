import Model

/// A board booted on an IDF release, with a firmware and a workload loaded and the knob defaults
/// resolved: ready to replay as often as asked (by `simulate` once, by the optimiser many times).
public struct PreparedScenario: Sendable {
    public let device: BootedDevice
    public let firmware: Firmware
    public let workload: Workload
    public let loader: WorkloadLoader
    /// Knob defaults on this release (device facts applied), then the workload's own values.
    public let knobs: [String: Int]
    public let defaults: [String: Int]
    /// The IDF's and the firmware's start-up components, read once (replays only apply the knobs).
    public let startup: Workload?

    public var name: String { "\(device.board.name) · IDF \(device.idf) · \(firmware) · \(workload.name)" }

    /// - Parameter baseline: knob values of the user's sdkconfig; they replace the defaults and the workload's values.
    public init(board: String, idf: IDFVersion, firmware: String?, workload: String, staticDRAM: Int?,
                catalogue: Catalogue, library: String, baseline: [String: Int] = [:]) throws(Diagnostic) {
        try self.init(board: board, idf: idf, firmware: firmware, workload: workload, staticDRAM: staticDRAM,
                      catalogue: catalogue, library: library, baseline: baseline, withinInterval: false)
    }

    /// As above; `withinInterval` makes `staticDRAM` a point of the catalogue's interval for the board (an end or a
    /// bisection step) rather than the user's figure.
    /// `firmwareMustBeListed` false accepts a `firmware` its support table does not list for `idf` (a field report's
    /// preview build; the CLI never sets it).
    public init(board: String, idf: IDFVersion, firmware: String?, workload: String, staticDRAM: Int?,
                catalogue: Catalogue, library: String, baseline: [String: Int] = [:], withinInterval: Bool,
                firmwareMustBeListed: Bool = true) throws(Diagnostic) {
        let loader = WorkloadLoader(library: library)
        let w = try loader.workload(workload)
        let b = try catalogue.board(named: board)
        // The release must run the chip (the catalogue's diagnostic names the chip's line) before a firmware is sought.
        if catalogue.chip(named: b.chip)?.kind == .espIDF { _ = try catalogue.layout(of: b, idf: idf) }
        // The firmware first: a board's static sizes may hold for some firmware releases only.
        let f = try Self.firmware(firmware, board: b, idf: idf, catalogue: catalogue, mustBeListed: firmwareMustBeListed)
        let device = try DeviceBoot.boot(catalogue: catalogue, boardName: board, idf: idf, firmware: f.key,
                                         staticDRAM: staticDRAM, withinInterval: withinInterval)
        try self.init(device: device, resolved: f, workload: w, loader: loader, baseline: baseline)
    }

    /// The release a scenario runs (see `FirmwareResolution.resolve`): `firmware` checked against the support
    /// table, else the newest that supports the board on `idf`.
    public static func firmware(_ firmware: String?, board: Board, idf: IDFVersion,
                                catalogue: Catalogue, mustBeListed: Bool = true) throws(Diagnostic) -> Firmware {
        let nonOS = catalogue.chip(named: board.chip)?.nonOS != nil
        return try FirmwareResolution.resolve(firmware, board: board, idf: idf,
                                              table: catalogue.firmwareSupport, checkSupport: !nonOS && firmware != nil && mustBeListed,
                                              releases: catalogue.supportedReleases(of: board))
    }

    /// A scenario of a workload value (one a use case built or changed, e.g. `whatif --add ble`);
    /// `baseline` (a user's sdkconfig) overrides the defaults and the workload's knob values.
    /// `firmwareMustBeListed: false` when the release is a fact, not a choice: what a board printed it ran (a probe
    /// log, a field report) may be a combination the support table does not list (a user's own build).
    public init(device: BootedDevice, firmware: String?, workload: Workload, loader: WorkloadLoader, catalogue: Catalogue,
                baseline: [String: Int] = [:], firmwareMustBeListed: Bool = true) throws(Diagnostic) {
        let f = try Self.firmware(firmware, board: device.board, idf: device.idf, catalogue: catalogue, mustBeListed: firmwareMustBeListed)
        try self.init(device: device, resolved: f, workload: workload, loader: loader, baseline: baseline)
    }

    /// A scenario whose firmware release is already resolved.
    init(device: BootedDevice, resolved firmware: Firmware, workload: Workload, loader: WorkloadLoader,
         baseline: [String: Int]) throws(Diagnostic) {
        self.device = device
        self.loader = loader
        let idf = device.idf
        // Components that replay recordings take those of the mbedTLS (…) version this IDF release ships.
        self.workload = device.nonOS == nil ? try workload.resolvingRecordings(idf: idf) : workload
        self.firmware = firmware
        try FirmwareResolution.check(self.firmware, device: device)
        if device.nonOS != nil { try Self.checkGCOnly(workload, board: device.board.name) }
        var defaults = try loader.knobTable().defaults(on: idf)
        // The number of cores FreeRTOS runs on and USB-OTG are facts of the device, not defaults.
        if defaults["FREERTOS_NUMBER_OF_CORES"] != nil {
            defaults["FREERTOS_NUMBER_OF_CORES"] = device.chip.facts.freeRTOSCores(singleCore: device.board.features.singleCore)
        }
        if defaults["USB_OTG_SUPPORTED"] != nil { defaults["USB_OTG_SUPPORTED"] = device.chip.facts.usbOTG ? 1 : 0 }
        self.defaults = defaults
        knobs = defaults.merging(workload.knobs) { _, w in w }.merging(baseline) { _, b in b }
        startup = try StartupComponents.workload(firmware: self.firmware, idf: device.nonOS == nil ? idf : nil, loader: loader)
    }

    /// On a chip without ESP-IDF the system heap is the closed SDK's, whose Wi-Fi and lwIP costs no
    /// public source itemises: the shipped components' system-heap sizes are ESP-IDF's and would be
    /// wrong there, so a workload must keep to the GC heap (where the ESP8266 port's axTLS lives).
    static func checkGCOnly(_ workload: Workload, board: String) throws(Diagnostic) {
        for name in workload.components.keys.sorted() {
            guard let component = workload.components[name] else { continue }
            for op in component.open + component.close {
                let allocation: String
                switch op.kind {
                case .alloc(let name, _, let target, _) where target != .gc: allocation = name
                case .recording(let r) where r.target != .gc: allocation = r.name
                default: continue
                }
                throw Diagnostic("Workload \(workload.name) opens \(name), whose \(allocation) comes from the system heap with "
                                 + "ESP-IDF's sizes; \(board) runs the closed NONOS SDK, whose Wi-Fi and lwIP costs heapfit does not know",
                                 file: workload.file, expected: "a workload whose components allocate only from the GC heap (caps: gc), "
                                     + "e.g. esp8266-https-get",
                                 fix: "Use an ESP8266 workload (heapfit ships esp8266-https-get), or write one with python steps and "
                                     + "tls-session-axtls")
            }
        }
    }

    /// Replays with `overrides` on top of the scenario's knobs and, when given, another initial heap.
    public func run(initialHeap: Int?, overrides: [String: Int]) throws(Diagnostic) -> (ReplayResult, HeapPolicy) {
        var (replayer, timeline) = try started(initialHeap: initialHeap, overrides: overrides)
        return (replayer.replay(timeline.workload), replayer.policy)
    }

    /// The device after start-up with the Python heap created, and the compiled timelines (the
    /// workload's, and the start-up's when the library describes one): ready to replay.
    public func started(initialHeap: Int?, overrides: [String: Int]) throws(Diagnostic)
        -> (Replayer, (workload: Timeline, startup: Timeline?)) {
        var knobs = self.knobs
        for (name, value) in overrides {
            guard knobs[name] != nil else {
                throw Diagnostic("Unknown knob \(name) in --set", expected: "one of \(knobs.keys.sorted().joined(separator: ", "))",
                                 fix: "Check the name (Kconfig names without CONFIG_)." + NameSuggestion.hint(for: name, in: knobs.keys))
            }
            knobs[name] = value
        }
        let hooks: IDFSystem.GCHooks = firmware.port == .circuitpython ? .circuitpython : .micropython
        let startup = try self.startup.map { w throws(Diagnostic) in try Timeline(w, knobs: knobs) }
        let replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: hooks), firmware: firmware,
                                    chip: device.chip.name, spiram: device.board.features.spiram, startup: startup,
                                    initialHeap: initialHeap)
        return (replayer, (try Timeline(workload, knobs: knobs), startup))
    }

    /// What the optimiser replays (`ScenarioEvaluator` in Solver): nil where the firmware cannot start with that heap; any other diagnostic is thrown.
    public func replay(heapKiB: Int, knobs: [String: Int]) throws(Diagnostic) -> ReplayResult? {
        do throws(Diagnostic) {
            return try run(initialHeap: heapKiB * 1024, overrides: knobs).0
        } catch {
            guard error.kind == .doesNotStart else { throw error }
            return nil
        }
    }
}
