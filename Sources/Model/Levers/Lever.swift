/// A setting that changes the Python heap's areas, as one firmware release range exposes it
/// (`workloads/levers/levers.yaml`, docs/levers.md): what it controls, how a board sets it, its
/// default and where the memory comes from, with the upstream source lines that show it.
public struct Lever: Hashable, Sendable {
    /// What the lever changes.
    public enum Control: String, Hashable, Sendable, CaseIterable {
        /// The first GC area's size.
        case initialHeap
        /// Whether the heap adds areas on demand (split heap, auto).
        case growth
        /// The allocator every GC area comes from (`MP_PLAT_ALLOC_HEAP`).
        case areaAllocator
        /// The largest area growth may add (`gc_get_max_new_split`).
        case growthLimit
        /// CircuitPython's Python stack (`CIRCUITPY_PYSTACK_SIZE`).
        case pythonStack
        /// PSRAM kept back from the Python heap for ESP-IDF (`CIRCUITPY_RESERVED_PSRAM`).
        case psramReserve
        /// Which malloc() requests go to PSRAM (`CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL`).
        case psramMalloc

        /// How a person says it.
        public var phrase: String {
            switch self {
            case .initialHeap: "initial heap"
            case .growth: "auto growth"
            case .areaAllocator: "area allocator"
            case .growthLimit: "growth limit"
            case .pythonStack: "Python stack"
            case .psramReserve: "PSRAM reserve"
            case .psramMalloc: "PSRAM malloc threshold"
            }
        }
    }

    /// How a board sets it.
    public enum Mechanism: String, Hashable, Sendable, CaseIterable {
        /// A `#define` in the board's `where` file (mpconfigboard.h).
        case define
        /// A define in mpconfigboard.h naming a function a C file in the board folder implements.
        case boardC
        /// A line of CIRCUITPY/settings.toml, read at boot: no rebuild.
        case settingsToml
        /// A line of the board's sdkconfig fragment.
        case sdkconfig
        /// No board file reaches it: only a change to the port itself (`patch`).
        case portPatch

        /// Whether a board folder (or settings.toml) can set it without changing the firmware's own files.
        public var boardCanSet: Bool { self != .portPatch }
    }

    public var id: String
    /// The releases it applies to.
    public var firmware: FirmwareRange
    public var controls: Control
    /// The define, setting or expression that holds the value.
    public var name: String
    public var mechanism: Mechanism
    /// The file a board (or the patch) changes.
    public var location: String
    public var values: String
    public var defaultValue: String
    public var caps: String
    /// The one-line port change (`portPatch` only).
    public var patch: String?
    public var note: String?
    /// Upstream URLs (file@tag#Lline).
    public var sources: [String]
    /// 1-based line of the entry in the levers file.
    public var line: Int

    public init(id: String, firmware: FirmwareRange, controls: Control, name: String, mechanism: Mechanism, location: String,
                values: String, defaultValue: String, caps: String, patch: String? = nil, note: String? = nil,
                sources: [String], line: Int = 0) {
        self.id = id
        self.firmware = firmware
        self.controls = controls
        self.name = name
        self.mechanism = mechanism
        self.location = location
        self.values = values
        self.defaultValue = defaultValue
        self.caps = caps
        self.patch = patch
        self.note = note
        self.sources = sources
        self.line = line
    }

    /// How a board sets it, in one phrase: "#define MICROPY_GC_INITIAL_HEAP_SIZE in the board's mpconfigboard.h".
    public var howToSet: String {
        switch mechanism {
        case .define: "#define \(name) in the board's \(location)"
        case .boardC: "#define \(name) in the board's \(location), implemented in a C file of the board folder"
        case .settingsToml: "\(name) = <bytes> in CIRCUITPY/settings.toml (read at boot, no rebuild)"
        case .sdkconfig: "CONFIG_\(name) in the board's \(location)"
        case .portPatch: "no board setting: a one-line patch to \(location) (\(name))"
        }
    }
}

/// Every lever the levers file lists, in file order.
public struct LeverTable: Hashable, Sendable {
    public var levers: [Lever]
    /// The file they were read from.
    public var source: String

    public init(levers: [Lever] = [], source: String = "") {
        self.levers = levers
        self.source = source
    }

    /// The levers of `port` at `major.minor`, in file order.
    public func levers(port: String, major: Int, minor: Int) -> [Lever] {
        levers.filter { $0.firmware.contains(port: port, major: major, minor: minor) }
    }

    /// The lever heapfit names for `control` at that release (the first listed); nil when the release has none.
    public func lever(_ control: Lever.Control, port: String, major: Int, minor: Int) -> Lever? {
        levers(port: port, major: major, minor: minor).first { $0.controls == control }
    }
}
