/// The sdkconfig features that change a chip's region map.
public struct Features: Hashable, Sendable, Codable {
    /// The Bluetooth controller is built and linked (`CONFIG_BT_ENABLED`, bt.c reserves its ranges).
    public var bluetooth: Bool
    /// `CONFIG_BTDM_CTRL_BR_EDR_MAX_SYNC_CONN_EFF`: SCO/eSCO links the controller reserves memory for (0…3).
    public var scoConnections: Int
    /// `CONFIG_ESP_SYSTEM_SINGLE_CORE_MODE` (`FREERTOS_UNICORE` before v5.4).
    public var singleCore: Bool
    /// `CONFIG_SPIRAM`: the whole external RAM window is a region, reserved at boot.
    public var spiram: Bool

    public init(bluetooth: Bool = false, scoConnections: Int = 0, singleCore: Bool = false, spiram: Bool = false) {
        self.bluetooth = bluetooth
        self.scoConnections = scoConnections
        self.singleCore = singleCore
        self.spiram = spiram
    }
}

/// When a region or reserved range exists (an `#ifdef` in `memory_layout.c` or bt.c).
public enum Condition: String, Hashable, Sendable, CaseIterable {
    case bluetooth, noBluetooth = "!bluetooth", singleCore, dualCore = "!singleCore", spiram, noSpiram = "!spiram"

    public func holds(for f: Features) -> Bool {
        switch self {
        case .bluetooth: f.bluetooth
        case .noBluetooth: !f.bluetooth
        case .singleCore: f.singleCore
        case .dualCore: !f.singleCore
        case .spiram: f.spiram
        case .noSpiram: !f.spiram
        }
    }
}

/// A `soc_memory_type_desc_t`: a name and its capabilities in three priorities.
public struct MemoryType: Hashable, Sendable {
    public var name: String
    /// `caps[0…2]`: a heap is tried at priority p only when `caps[p]` shares a bit with the request.
    public var caps: [MemoryCaps]

    public init(name: String, caps: [MemoryCaps]) {
        self.name = name
        self.caps = caps
    }

    /// Every capability across the three priorities (`get_all_caps`).
    public var allCaps: MemoryCaps { caps.reduce(into: MemoryCaps()) { $0.formUnion($1) } }
}

/// A `soc_memory_regions[]` entry.
public struct MemoryRegion: Hashable, Sendable {
    public var start: Int
    public var size: Int
    /// Index into the chip's `types`.
    public var type: Int
    /// The ROM start-up stack lives here: registered only once the scheduler runs.
    public var startupStack: Bool
    public var when: Condition?

    public init(start: Int, size: Int, type: Int, startupStack: Bool = false, when: Condition? = nil) {
        self.start = start
        self.size = size
        self.type = type
        self.startupStack = startupStack
        self.when = when
    }

    public var end: Int { start + size }
}

/// A `SOC_RESERVE_MEMORY_REGION()` with fixed addresses.
public struct ReservedRange: Hashable, Sendable {
    public var name: String
    public var start: Int
    /// End with no SCO links; `endPerSCO` is added once per SCO link (`rom_bt_em`).
    public var end: Int
    public var endPerSCO: Int
    public var when: Condition?

    public init(name: String, start: Int, end: Int, endPerSCO: Int = 0, when: Condition? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.endPerSCO = endPerSCO
        self.when = when
    }

    /// The end address for these features.
    public func end(for f: Features) -> Int { end + endPerSCO * f.scoConnections }
}

/// A half-open address range `[start, end)` cut out of the regions at boot.
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var start: Int
    public var end: Int

    public init(name: String, start: Int, end: Int) {
        self.name = name
        self.start = start
        self.end = end
    }

    public var description: String { "\(name) [\(Hex.address(start)), \(Hex.address(end)))" }
}

/// Address formatting shared by every printer.
public enum Hex {
    /// `0x3FFB0000`.
    public static func address(_ value: Int) -> String { "0x" + padded(value) }
    /// `3FFB0000`, as `%08X` prints it.
    public static func padded(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
