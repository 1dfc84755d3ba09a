/// A `soc_memory_type_desc_t` as one IDF release and configuration builds it: a name and its
/// capabilities in three priorities.
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

    public init(start: Int, size: Int, type: Int, startupStack: Bool = false) {
        self.start = start
        self.size = size
        self.type = type
        self.startupStack = startupStack
    }

    public var end: Int { start + size }
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
