/// How sure a figure is (boards.yaml `confidence`).
public enum Confidence: String, Hashable, Sendable, Codable {
    /// Read from a published build report or log of exactly this board and release.
    case measured
    /// Computed from published figures by a stated rule.
    case derived
    /// No source gives it: a documented placeholder the user should replace.
    case unknown
    /// Read by `heapfit import` from a log or build report the user supplied (its `source` names the file).
    case imported
}

/// A number with where it comes from.
public struct Sourced: Hashable, Sendable {
    public var value: Int
    public var source: String
    public var confidence: Confidence
    /// The line in boards.yaml, for diagnostics.
    public var line: Int?

    public init(_ value: Int, source: String, confidence: Confidence = .measured, line: Int? = nil) {
        self.value = value
        self.source = source
        self.confidence = confidence
        self.line = line
    }
}

/// The linker facts that place static data and code (`memory.ld.in`, `sections.ld.in`).
public struct LinkerFacts: Hashable, Sendable {
    /// `dram0_0_seg` origin without the Bluetooth reserve.
    public var dram0Origin: Int
    /// `dram0_0_seg` length without the Bluetooth reserve.
    public var dram0Length: Int
    /// `CONFIG_BTDM_RESERVE_DRAM` when Bluetooth is built (moves `dram0_0_seg` up).
    public var btReserveDram: Int
    /// `_heap_start` is aligned to this (`ALIGNED_SYMBOL(8, _heap_low_start)`).
    public var heapStartAlign: Int
    /// `iram0_0_seg` origin (`_iram_start`).
    public var iramOrigin: Int
    public var iramLength: Int
    /// `_iram_end` is aligned to this (`ALIGNED_SYMBOL(4, _iram_end)`).
    public var iramEndAlign: Int

    public init(dram0Origin: Int, dram0Length: Int, btReserveDram: Int, heapStartAlign: Int,
                iramOrigin: Int, iramLength: Int, iramEndAlign: Int) {
        self.dram0Origin = dram0Origin
        self.dram0Length = dram0Length
        self.btReserveDram = btReserveDram
        self.heapStartAlign = heapStartAlign
        self.iramOrigin = iramOrigin
        self.iramLength = iramLength
        self.iramEndAlign = iramEndAlign
    }
}

/// Where a D/IRAM byte is also visible on the instruction bus (`soc.h` `SOC_DIRAM_*`).
public struct DIRAMAlias: Hashable, Sendable {
    public var dramLow: Int
    public var dramHigh: Int
    public var iramLow: Int
    public var iramHigh: Int
    /// `SOC_DIRAM_INVERTED`: the lowest DRAM address is the highest IRAM address.
    public var inverted: Bool

    public init(dramLow: Int, dramHigh: Int, iramLow: Int, iramHigh: Int, inverted: Bool) {
        self.dramLow = dramLow
        self.dramHigh = dramHigh
        self.iramLow = iramLow
        self.iramHigh = iramHigh
        self.inverted = inverted
    }

    /// `esp_ptr_diram_dram_to_iram`.
    public func iramAddress(ofDRAM p: Int) -> Int {
        inverted ? iramLow + (dramHigh - p) - 4 : iramLow + (p - dramLow)
    }

    public func containsDRAM(_ p: Int) -> Bool { p >= dramLow && p < dramHigh }
    public func containsIRAM(_ p: Int) -> Bool { p >= iramLow && p < iramHigh }
}

/// A chip's memory layout: `memory_layout.c`, the reserved ranges and the linker facts.
public struct ChipLayout: Hashable, Sendable {
    public var name: String
    public var types: [MemoryType]
    /// `soc_memory_regions[]`, in array order (the order heaps are registered).
    public var regions: [MemoryRegion]
    public var reserved: [ReservedRange]
    public var linker: LinkerFacts
    public var diram: DIRAMAlias?
    /// `HEAP_SIZE_MAX` = `SOC_MAX_CONTIGUOUS_RAM_SIZE`.
    public var heapSizeMax: Int
    /// `FL_INDEX_MAX` of the static-control TLSF releases on this chip (domain §1.3).
    public var tlsfStaticFLIndexMax: Int
    public var source: String

    public init(name: String, types: [MemoryType], regions: [MemoryRegion], reserved: [ReservedRange],
                linker: LinkerFacts, diram: DIRAMAlias?, heapSizeMax: Int, tlsfStaticFLIndexMax: Int, source: String) {
        self.tlsfStaticFLIndexMax = tlsfStaticFLIndexMax
        self.name = name
        self.types = types
        self.regions = regions
        self.reserved = reserved
        self.linker = linker
        self.diram = diram
        self.heapSizeMax = heapSizeMax
        self.source = source
    }
}

/// Static DRAM and IRAM of one board on one IDF release (`idf.py size` "Used static DRAM/IRAM").
public struct StaticSizes: Hashable, Sendable {
    public var idf: IDFVersion
    public var dram: Sourced
    public var iram: Sourced

    public init(idf: IDFVersion, dram: Sourced, iram: Sourced) {
        self.idf = idf
        self.dram = dram
        self.iram = iram
    }
}

/// A board as a firmware ships it: its chip, the features its sdkconfig enables, its static sizes.
public struct Board: Hashable, Sendable {
    public var name: String
    public var chip: String
    public var features: Features
    public var statics: [StaticSizes]
    public var source: String

    public init(name: String, chip: String, features: Features, statics: [StaticSizes], source: String) {
        self.name = name
        self.chip = chip
        self.features = features
        self.statics = statics
        self.source = source
    }

    /// The IDF releases this board has static sizes for, oldest first.
    public var knownReleases: [IDFVersion] { statics.map(\.idf).sorted() }
}

/// Everything boards.yaml holds, validated.
public struct Catalogue: Hashable, Sendable {
    public var chips: [ChipLayout]
    public var boards: [Board]
    /// The file it was read from, for diagnostics.
    public var file: String

    public init(chips: [ChipLayout], boards: [Board], file: String) {
        self.chips = chips
        self.boards = boards
        self.file = file
    }

    public func chip(named name: String) -> ChipLayout? { chips.first { $0.name == name } }

    /// The board called `name` (case-insensitive), or a diagnostic listing the known boards.
    public func board(named name: String) throws(Diagnostic) -> Board {
        if let b = boards.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return b }
        throw Diagnostic("Unknown board '\(name)' (not in \(file))",
                         expected: "one of: " + boards.map(\.name).joined(separator: ", "),
                         fix: "Pass --board with one of those names, or add the board to \(file)")
    }

    /// The static sizes of `board` on `idf`, or a diagnostic listing the releases known for it.
    public func statics(of board: Board, idf: IDFVersion) throws(Diagnostic) -> StaticSizes {
        if let s = board.statics.first(where: { $0.idf == idf }) { return s }
        throw Diagnostic("No static DRAM/IRAM sizes for \(board.name) on ESP-IDF \(idf) in \(file)",
                         expected: "an IDF release known for \(board.name): "
                            + board.knownReleases.map(\.description).joined(separator: ", "),
                         fix: "Pass --idf with one of those releases, or add this release's static DRAM/IRAM "
                            + "(from `idf.py size`) under the board in \(file)")
    }
}

import Foundation
