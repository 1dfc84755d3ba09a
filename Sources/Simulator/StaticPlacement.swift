import Model

/// Where the linker puts static data and code, from the static sizes `idf.py size` reports.
/// They become the `dram_data` and `iram_code` reserved ranges of `memory_layout.c`.
public struct StaticPlacement: Hashable, Sendable {
    /// `[_data_start, _heap_start)`.
    public var dramData: AddressRange
    /// `[_iram_start, _iram_end)`.
    public var iramCode: AddressRange

    /// - Parameters:
    ///   - staticDRAM: "Used static DRAM" (bytes of `dram0_0_seg` used by .data/.noinit/.bss).
    ///   - staticIRAM: "Used static IRAM".
    /// - Throws: a diagnostic when the sizes do not fit the segments (the link would fail).
    public init(chip: ChipLayout, features: Features, staticDRAM: Int, staticIRAM: Int) throws(Diagnostic) {
        let l = chip.linker
        // memory.ld.in: dram0_0_seg org = 0x3FFB0000 + CONFIG_BTDM_RESERVE_DRAM, len = 0x2C200 − that.
        let reserve = features.bluetooth ? l.btReserveDram : 0
        let origin = l.dram0Origin + reserve
        let length = l.dram0Length - reserve
        guard staticDRAM >= 0, staticDRAM <= length else {
            throw Diagnostic("Static DRAM of \(staticDRAM) B does not fit \(chip.name)'s dram0_0_seg "
                                + "(\(length) B from \(Hex.address(origin))\(features.bluetooth ? " with Bluetooth" : ""))",
                             expected: "a static DRAM size from 0 to \(length) B, as `idf.py size` reports it",
                             fix: "Check the figure (\"Used static DRAM\" in `idf.py size`); the firmware would not link with this much static data")
        }
        guard staticIRAM >= 0, staticIRAM <= l.iramLength else {
            throw Diagnostic("Static IRAM of \(staticIRAM) B does not fit \(chip.name)'s iram0_0_seg (\(l.iramLength) B)",
                             expected: "a static IRAM size from 0 to \(l.iramLength) B",
                             fix: "Check the figure (\"Used static IRAM\" in `idf.py size`)")
        }
        // _heap_start = ALIGNED_SYMBOL(8, _heap_low_start) (sections.ld.in v5.4.2).
        dramData = AddressRange(name: "dram_data", start: origin,
                                end: Self.alignUp(origin + staticDRAM, l.heapStartAlign))
        iramCode = AddressRange(name: "iram_code", start: l.iramOrigin,
                                end: Self.alignUp(l.iramOrigin + staticIRAM, l.iramEndAlign))
    }

    static func alignUp(_ v: Int, _ a: Int) -> Int { (v + a - 1) & ~(a - 1) }
}
