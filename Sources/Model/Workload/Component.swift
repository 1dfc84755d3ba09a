/// Where an allocation of a component is served from.
public enum AllocationTarget: Hashable, Sendable, CustomStringConvertible {
    /// `malloc()` / `calloc()`: `heap_caps_malloc_default`, with PSRAM routing when enabled.
    case malloc
    /// `heap_caps_malloc(size, caps)`.
    case caps(MemoryCaps)
    /// The Python GC heap (`m_malloc`): C code of the firmware allocating from the GC heap
    /// (the ESP8266 port's axTLS buffers, Pycom's servers task).
    case gc

    public var description: String {
        switch self {
        case .malloc: "malloc"
        case .caps(let c): c.description
        case .gc: "gc"
        }
    }
}

/// One operation a component performs when it opens or closes.
public struct ComponentOperation: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Allocate `count` blocks of `size` bytes, remembered under `name` (freed by `free` or at close).
        /// A size that evaluates to 0 makes no allocation (a knob switched the buffer off).
        /// `count` is an expression too (`ESP_WIFI_STATIC_RX_BUFFER_NUM`); 0 makes none.
        case alloc(name: String, size: SizeExpression, target: AllocationTarget, count: SizeExpression)
        /// Free what `alloc name` allocated (all its blocks, newest first); `INSTANCE/NAME` frees
        /// what another open instance holds under NAME (IDF's main task, freed once the port's
        /// `app_main` returns).
        case free(name: String)
        /// Replay a recording's callocs and frees (`truth/…`): each recorded allocation is held
        /// under `NAME#ID` and freed where the program freed it.
        case recording(RecordingReplay)
    }

    public var kind: Kind
    /// Where the size comes from (a measurement, a Kconfig default, a source line).
    public var source: String?
    /// Line in the component file, for diagnostics and for naming a failing allocation.
    public var line: Int

    public init(_ kind: Kind, source: String?, line: Int) {
        self.kind = kind
        self.source = source
        self.line = line
    }
}

/// A reusable part of a workload: Wi-Fi station, a TLS session, NimBLE… as data: the IDF
/// (and GC) allocations it makes when it opens and when it closes, with sizes that are
/// expressions of knobs and of its own parameters.
public struct ComponentDefinition: Hashable, Sendable {
    public var name: String
    public var description: String
    /// Where the allocation sequence and sizes come from.
    public var source: String
    /// What the sizes were calibrated against.
    public var calibration: String?
    /// Component-local parameters with defaults (`response_bytes: 2048`), overridable per `open`.
    public var parameters: [String: Int]
    /// Parameters that take a word (`chain: ec2`): the words in order; the parameter's value is the
    /// word's index.
    public var choices: [String: [String]] = [:]
    public var open: [ComponentOperation]
    public var close: [ComponentOperation]
    public var file: String

    public init(name: String, description: String, source: String, calibration: String?, parameters: [String: Int],
                open: [ComponentOperation], close: [ComponentOperation], file: String) {
        self.name = name
        self.description = description
        self.source = source
        self.calibration = calibration
        self.parameters = parameters
        self.open = open
        self.close = close
        self.file = file
    }
}

extension ComponentDefinition {
    /// The definition with `choices` set.
    func with(choices: [String: [String]]) -> ComponentDefinition {
        var copy = self
        copy.choices = choices
        return copy
    }
}
