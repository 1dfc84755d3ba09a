import Model

/// Where the linker puts static data and code, from the static sizes `idf.py size` reports. They
/// become the `dram_data`, `iram_code` and `rtcram_data` reserved ranges of `memory_layout.c`.
public struct StaticPlacement: Hashable, Sendable {
    /// `[_data_start, _heap_start)`; on unified-SRAM chips the code placed before the data too.
    public var dramData: AddressRange
    /// `[_iram_start, _iram_end)` where code has its own memory (ESP32 IRAM, S3's IRAM-only block).
    public var iramCode: AddressRange?
    /// `[SOC_RTC_DRAM_LOW, _rtc_force_fast_end)`: RTC fast data before the RTCRAM heap.
    public var rtcData: AddressRange?

    /// Every range, for the reserved list.
    public var ranges: [AddressRange] { [dramData] + [iramCode, rtcData].compactMap { $0 } }

    /// - Parameters:
    ///   - staticDRAM: "Used static DRAM": bytes from `_data_start` to `_heap_start` (code placed before
    ///     the data counts too on unified chips). `idf.py size` sums section sizes, so alignment gaps
    ///     between sections can put the real heap start a few bytes higher than a measured figure says.
    ///   - staticIRAM: "Used static IRAM"; nil = unknown, taken as filling the IRAM segment (so no
    ///     IRAM heap is predicted; malloc() never uses that memory).
    ///   - staticRTC: bytes of RTC fast data before the RTCRAM heap.
    /// - Throws: a diagnostic when the sizes do not fit the segments (the link would fail).
    public init(chip: ChipLayout, staticDRAM: Int, staticIRAM: Int?, staticRTC: Int = 0) throws(Diagnostic) {
        let l = chip.linker
        let f = chip.features
        // memory.ld.in (ESP32): dram0_0_seg org = 0x3FFB0000 + CONFIG_BTDM_RESERVE_DRAM, len = 0x2C200 − that.
        let reserve = l.kind == .separate && f.bluetooth ? l.btReserveDram : 0
        let origin = Self.alignUp(l.dram0Origin + reserve, l.dataStartAlign)
        let length = l.dram0Origin + l.dram0Length - origin
        guard staticDRAM >= 0, staticDRAM <= length else {
            throw Diagnostic("Static DRAM of \(staticDRAM) B does not fit \(chip.name)'s dram0_0_seg "
                                + "(\(length) B from \(Hex.address(origin))\(reserve > 0 ? " with Bluetooth" : ""))",
                             expected: "a static DRAM size from 0 to \(length) B, as `idf.py size` reports it",
                             fix: "Check the figure (\"Used static DRAM\" in `idf.py size`); the firmware would not link with this much static data")
        }
        let iram = staticIRAM ?? l.iramLength
        guard l.iramLength == 0 || (0...l.iramLength).contains(iram) else {
            throw Diagnostic("Static IRAM of \(iram) B does not fit \(chip.name)'s IRAM (\(l.iramLength) B from \(Hex.address(l.iramOrigin)))",
                             expected: "a static IRAM size from 0 to \(l.iramLength) B",
                             fix: "Check the figure (\"Used static IRAM\" in `idf.py size`)")
        }
        guard staticRTC >= 0, staticRTC <= 0x4000 else {
            throw Diagnostic("Static RTC fast data of \(staticRTC) B does not fit \(chip.name)'s RTC fast memory",
                             expected: "at most 16 KiB")
        }
        // _heap_start = ALIGNED_SYMBOL(8, _heap_low_start) (sections.ld.in v5.4.2).
        dramData = AddressRange(name: l.kind == .separate ? "dram_data" : "static_ram", start: origin,
                                end: Self.alignUp(origin + staticDRAM, l.heapStartAlign))
        iramCode = l.iramLength == 0 ? nil
            : AddressRange(name: "iram_code", start: l.iramOrigin, end: Self.alignUp(l.iramOrigin + iram, l.iramEndAlign))
        rtcData = l.rtcFastStart.flatMap { staticRTC > 0 ? AddressRange(name: "rtcram_data", start: $0, end: $0 + staticRTC) : nil }
    }

    static func alignUp(_ v: Int, _ a: Int) -> Int { (v + a - 1) & ~(a - 1) }
}
