/// How the firmware uses external RAM (`CONFIG_SPIRAM_USE_*`, esp-idf `components/esp_psram/Kconfig.spiram.common`).
public enum SpiramUse: String, Hashable, Sendable, Codable, CaseIterable {
    /// `SPIRAM_USE_MALLOC`: PSRAM is a heap and `malloc()` may return it (above ALWAYSINTERNAL).
    case malloc
    /// `SPIRAM_USE_CAPS_ALLOC`: PSRAM is a heap, reached only with `MALLOC_CAP_SPIRAM`.
    case capsAlloc
    /// `SPIRAM_USE_MEMMAP`: mapped but not a heap; the firmware manages it (MicroPython ≤ 1.20's GC heap).
    case memmap
}

/// The sdkconfig features that change a chip's region map or what runs on it at boot.
/// Optional fields left nil take the chip's default (`defaults:` in boards.yaml), as Kconfig does.
public struct Features: Hashable, Sendable, Codable {
    /// `CONFIG_BT_ENABLED`. On ESP32 it sets `CONFIG_BTDM_RESERVE_DRAM`, which moves `dram0_0_seg` up.
    public var bluetooth: Bool
    /// The controller (`bt.c`) is linked, so its `SOC_RESERVE_MEMORY_REGION`s (ROM BT ranges) exist.
    /// Nil = same as `bluetooth`. False with `bluetooth` true is an app that enables BT in sdkconfig
    /// but never references the controller (espressif/esp-idf#6992 boots that way).
    public var btController: Bool?
    /// `CONFIG_BTDM_CTRL_BR_EDR_MAX_SYNC_CONN_EFF`: SCO/eSCO links the controller reserves memory for (0…3).
    public var scoConnections: Int
    /// `CONFIG_ESP_SYSTEM_SINGLE_CORE_MODE` (`FREERTOS_UNICORE` before v5.3).
    public var singleCore: Bool
    /// `CONFIG_SPIRAM`: the external RAM window is a region, reserved at boot.
    public var spiram: Bool
    /// Bytes of PSRAM the firmware maps (`esp_psram_get_size`, capped by the chip's window).
    public var spiramSize: Int?
    public var spiramUse: SpiramUse
    /// `CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL` (IDF default 16384).
    public var spiramAlwaysInternal: Int
    /// `CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL` (IDF default 32768).
    public var spiramReserveInternal: Int
    /// `CONFIG_ESP_SYSTEM_ALLOW_RTC_FAST_MEM_AS_HEAP`; nil = the chip's Kconfig default.
    public var rtcFastHeap: Bool?
    /// `CONFIG_ESP_SYSTEM_MEMPROT_FEATURE` (S2, S3, C3); nil = the chip's default (y).
    public var memprot: Bool?
    /// `CONFIG_ESP_SYSTEM_PMP_IDRAM_SPLIT` (C2, C6 from v5.3); nil = the chip's default (y).
    public var idramSplit: Bool?
    /// Instruction / data cache sizes in bytes (S2, S3); nil = the chip's default.
    public var icache: Int?
    public var dcache: Int?

    public init(bluetooth: Bool = false, btController: Bool? = nil, scoConnections: Int = 0, singleCore: Bool = false,
                spiram: Bool = false, spiramSize: Int? = nil, spiramUse: SpiramUse = .malloc,
                spiramAlwaysInternal: Int = 16384, spiramReserveInternal: Int = 32768,
                rtcFastHeap: Bool? = nil, memprot: Bool? = nil, idramSplit: Bool? = nil,
                icache: Int? = nil, dcache: Int? = nil) {
        self.bluetooth = bluetooth
        self.btController = btController
        self.scoConnections = scoConnections
        self.singleCore = singleCore
        self.spiram = spiram
        self.spiramSize = spiramSize
        self.spiramUse = spiramUse
        self.spiramAlwaysInternal = spiramAlwaysInternal
        self.spiramReserveInternal = spiramReserveInternal
        self.rtcFastHeap = rtcFastHeap
        self.memprot = memprot
        self.idramSplit = idramSplit
        self.icache = icache
        self.dcache = dcache
    }

    /// The boolean features a `when:` condition can name.
    public static let flagNames = ["bluetooth", "btController", "singleCore", "spiram", "spiramMalloc",
                                   "rtcFastHeap", "memprot", "idramSplit"]
    /// The numeric features a `when:` condition can compare.
    public static let numberNames = ["icache", "dcache", "sco"]

    /// A boolean feature by name; nil for an unknown name or an unresolved optional.
    public func flag(_ name: String) -> Bool? {
        switch name {
        case "bluetooth": bluetooth
        case "btController": btController ?? bluetooth
        case "singleCore": singleCore
        case "spiram": spiram
        case "spiramMalloc": spiram && spiramUse == .malloc
        case "rtcFastHeap": rtcFastHeap
        case "memprot": memprot
        case "idramSplit": idramSplit
        default: nil
        }
    }

    /// A numeric feature by name; nil when unknown or unresolved.
    public func number(_ name: String) -> Int? {
        switch name {
        case "icache": icache
        case "dcache": dcache
        case "sco": scoConnections
        default: nil
        }
    }

    /// These features with every nil optional taken from the chip's defaults (Kconfig `default`s).
    /// A flag the chip gives no default stays false: the option does not exist on that chip.
    public func resolved(with defaults: FeatureDefaults) -> Features {
        var f = self
        // Defaults may depend on other features (rtcFastHeap on ESP32 follows singleCore), so evaluate
        // them against the features as given.
        if f.rtcFastHeap == nil { f.rtcFastHeap = defaults.flags["rtcFastHeap"]?.holds(for: self) ?? false }
        if f.memprot == nil { f.memprot = defaults.flags["memprot"]?.holds(for: self) ?? false }
        if f.idramSplit == nil { f.idramSplit = defaults.flags["idramSplit"]?.holds(for: self) ?? false }
        if f.icache == nil { f.icache = defaults.numbers["icache"] }
        if f.dcache == nil { f.dcache = defaults.numbers["dcache"] }
        if f.btController == nil { f.btController = f.bluetooth }
        return f
    }
}

/// A chip's Kconfig defaults for the optional features: a flag's default is a condition on the
/// other features (ESP32's RTC fast heap defaults to on only in single-core mode).
public struct FeatureDefaults: Hashable, Sendable {
    public var flags: [String: FeatureCondition]
    public var numbers: [String: Int]

    public init(flags: [String: FeatureCondition] = [:], numbers: [String: Int] = [:]) {
        self.flags = flags
        self.numbers = numbers
    }
}
