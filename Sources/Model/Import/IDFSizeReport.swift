/// One memory type of an `idf.py size` summary: a row of the esp-idf-size table (`DRAM`, `IRAM`,
/// `DIRAM`, `Flash Code`, …) or a `Used static …` line of the older text.
public struct IDFSizeMemoryType: Hashable, Sendable, Codable {
    public var name: String
    public var used: Int
    /// Used + remain, when the output gives it.
    public var total: Int?
    /// Section name (`.data`, `.bss`, `.text`, `.vectors`, …) → bytes.
    public var sections: [String: Int]
    public var line: Int?

    public init(name: String, used: Int, total: Int?, sections: [String: Int] = [:], line: Int? = nil) {
        self.name = name
        self.used = used
        self.total = total
        self.sections = sections
        self.line = line
    }
}

/// The static memory figures of an `idf.py size` summary, whichever tool version printed them.
public struct IDFSizeReport: Hashable, Sendable, Codable {
    /// Which output it was read from.
    public enum Flavour: String, Hashable, Sendable, Codable {
        /// idf_size.py / esp-idf-size legacy text (`Used static DRAM:   11316 bytes ( 169420 remain, 6.3% used)`).
        case legacyText
        /// esp-idf-size table (`Memory Type Usage Summary`, IDF 5.x).
        case table
        /// idf_size.py `--format json` (flat keys: `used_dram`, `used_iram`, …).
        case legacyJSON
        /// esp-idf-size `--format json2` (`layout` list of memory types).
        case json2
    }

    public var flavour: Flavour
    public var memoryTypes: [IDFSizeMemoryType]
    /// `Total image size: N bytes`.
    public var imageSize: Int?
    public var firstLine: Int
    public var lastLine: Int

    public init(flavour: Flavour, memoryTypes: [IDFSizeMemoryType], imageSize: Int?, firstLine: Int, lastLine: Int) {
        self.flavour = flavour
        self.memoryTypes = memoryTypes
        self.imageSize = imageSize
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    public func memoryType(_ name: String) -> IDFSizeMemoryType? {
        memoryTypes.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// "Used static DRAM": `.data` + `.bss` (+ `.noinit`) of `dram0_0_seg` — the DRAM row.
    public var staticDRAM: IDFSizeMemoryType? { memoryType("DRAM") }
    /// "Used static IRAM" — the IRAM row (on S3/C2/C3 only the part outside the shared D/IRAM).
    public var staticIRAM: IDFSizeMemoryType? { memoryType("IRAM") }
    /// "Used stat D/IRAM" — chips whose SRAM is shared by code and data (S2, S3, C2, C3, C6…).
    public var staticDIRAM: IDFSizeMemoryType? { memoryType("DIRAM") }
}

import Foundation
