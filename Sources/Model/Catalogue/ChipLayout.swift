/// How the linker places static data and code on a chip (`memory.ld.in`, `sections.ld.in`).
public struct LinkerFacts: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// ESP32: `dram0_0_seg` and `iram0_0_seg` are separate memories; static DRAM and static IRAM
        /// each reserve their own range.
        case separate
        /// S2, S3, C2, C3, C6: one SRAM seen on both buses; code is placed first and data after it
        /// (`.dram0.dummy`), so "static DRAM" is the whole used span from `dram0Origin`
        /// (what `idf.py size` reports as DIRAM / "Used static DRAM" for these chips).
        case unified
    }

    public var kind: Kind
    /// `dram0_0_seg` origin without the Bluetooth reserve.
    public var dram0Origin: Int
    /// `dram0_0_seg` length without the Bluetooth reserve.
    public var dram0Length: Int
    /// `CONFIG_BTDM_RESERVE_DRAM` when Bluetooth is built (moves `dram0_0_seg` up; ESP32 only).
    public var btReserveDram: Int
    /// `_data_start` is the `.dram0.data` output section start, which the linker aligns to its widest
    /// input section: 0x3FFBDB60 when ESP32's `dram0_0_seg` starts at 0x3FFBDB5C (espressif/esp-idf#880
    /// debug log "Reserved memory range 0x3ffbdb60 - …"; esp-at#137's 4 B piece at 0x3FFBDB5C).
    public var dataStartAlign: Int
    /// `_heap_start` is aligned to this (`ALIGNED_SYMBOL(8, _heap_low_start)`).
    public var heapStartAlign: Int
    /// Where static IRAM starts (`_iram_start`): `iram0_0_seg` on ESP32, the IRAM-only block on S3.
    public var iramOrigin: Int
    public var iramLength: Int
    /// `_iram_end` is aligned to this (`ALIGNED_SYMBOL(4, _iram_end)`).
    public var iramEndAlign: Int
    /// `SOC_RTC_DRAM_LOW`: RTC fast data (`rtcram_data`) is reserved from here, when the chip has one.
    public var rtcFastStart: Int?

    public init(kind: Kind = .separate, dram0Origin: Int, dram0Length: Int, btReserveDram: Int, dataStartAlign: Int = 1,
                heapStartAlign: Int,
                iramOrigin: Int, iramLength: Int, iramEndAlign: Int, rtcFastStart: Int? = nil) {
        self.kind = kind
        self.dram0Origin = dram0Origin
        self.dram0Length = dram0Length
        self.btReserveDram = btReserveDram
        self.dataStartAlign = dataStartAlign
        self.heapStartAlign = heapStartAlign
        self.iramOrigin = iramOrigin
        self.iramLength = iramLength
        self.iramEndAlign = iramEndAlign
        self.rtcFastStart = rtcFastStart
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

/// The external RAM window a chip maps PSRAM into (`SOC_EXTRAM_DATA_LOW`, `esp_psram`).
public struct PsramWindow: Hashable, Sendable {
    /// Where the PSRAM heap starts. Exact on ESP32; on S2/S3 the real start follows the flash-mapped
    /// pages, so this is the window start and `addressIsExact` is false.
    public var start: Int
    /// The most PSRAM the window maps (4 MiB on ESP32 without himem).
    public var maxSize: Int
    public var addressIsExact: Bool

    public init(start: Int, maxSize: Int, addressIsExact: Bool) {
        self.start = start
        self.maxSize = maxSize
        self.addressIsExact = addressIsExact
    }
}

/// One chip's memory layout as a given IDF release builds it for given features: `soc_memory_types[]`,
/// `soc_memory_regions[]` (in array order, the order heaps are registered), the fixed reserved ranges
/// and the linker facts. Produced by `ChipDefinition.layout(idf:features:)`; consumed by the simulator.
public struct ChipLayout: Hashable, Sendable {
    public var name: String
    public var idf: IDFVersion
    /// The features with every chip default applied.
    public var features: Features
    public var types: [MemoryType]
    public var regions: [MemoryRegion]
    /// Fixed `SOC_RESERVE_MEMORY_REGION`s of this build (the static-size ones come from `StaticPlacement`).
    public var reserved: [AddressRange]
    public var linker: LinkerFacts
    public var diram: DIRAMAlias?
    /// `HEAP_SIZE_MAX` = `SOC_MAX_CONTIGUOUS_RAM_SIZE`.
    public var heapSizeMax: Int
    /// `FL_INDEX_MAX` a static-control TLSF release derives from `TLSF_MAX_POOL_SIZE` (domain §1.3).
    public var tlsfStaticFLIndexMax: Int
    /// `FL_INDEX_MAX` of the mask-ROM TLSF when this build uses it (`CONFIG_HEAP_TLSF_USE_ROM_IMPL`).
    public var romTLSFFLIndexMax: Int?
    public var psram: PsramWindow?
    public var source: String
    /// The chip's facts that are not its memory map (cores, peripherals), as boards.yaml gives them.
    public var facts: ChipFacts = ChipFacts()

    public init(name: String, idf: IDFVersion = IDFVersion(5, 4, 2), features: Features = Features(),
                types: [MemoryType], regions: [MemoryRegion], reserved: [AddressRange],
                linker: LinkerFacts, diram: DIRAMAlias?, heapSizeMax: Int, tlsfStaticFLIndexMax: Int,
                romTLSFFLIndexMax: Int? = nil, psram: PsramWindow? = nil, source: String) {
        self.name = name
        self.idf = idf
        self.features = features
        self.types = types
        self.regions = regions
        self.reserved = reserved
        self.linker = linker
        self.diram = diram
        self.heapSizeMax = heapSizeMax
        self.tlsfStaticFLIndexMax = tlsfStaticFLIndexMax
        self.romTLSFFLIndexMax = romTLSFFLIndexMax
        self.psram = psram
        self.source = source
    }

    /// `FL_INDEX_MAX` for a `TLSF_MAX_POOL_SIZE` (`tlsf_platform.h` v5.0: ≤256 KiB → 18, each doubling +1).
    public static func flIndexMax(maxPoolSize: Int) -> Int {
        var fl = 18
        while (1 << fl) < maxPoolSize { fl += 1 }
        return fl
    }
}
