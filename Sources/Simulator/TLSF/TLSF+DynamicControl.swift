// The per-pool control block of IDF v4.3.5+, v4.4.4+ and v5.0.1+
// (`control_construct()` in espressif/tlsf 4d43b0d and later; docs/domain/esp-idf-heap.md §1.2).

extension TLSFGeometry {
    /// `control_construct(bytes)`: FL from the bit length of `bytes`, SL 8/16/32 lists
    /// for pools up to 16 KiB / 256 KiB / larger, and a control block of
    /// 36 + 4·FL_COUNT + 4·FL_COUNT·SL_COUNT bytes. Nil where it cannot hold
    /// the control structure and one minimum block.
    static func dynamicControl(bytes: Int) -> TLSFGeometry? {
        let controlHeader = 36  // sizeof(control_t): block_null 16, bitfields 4, size 4, fl_bitmap 4, two pointers 8
        guard bytes >= controlHeader, bytes <= Int(UInt32.max) else { return nil }
        let flIndexMax = Int.bitWidth - bytes.leadingZeroBitCount
        let slLog2 = bytes <= 16 * 1024 ? 3 : bytes <= 256 * 1024 ? 4 : 5
        let flCount = flIndexMax - (slLog2 + TLSFLayout.alignSizeLog2) + 1
        let size = controlHeader + 4 * flCount + 4 * flCount * (1 << slLog2)
        guard bytes >= size + TLSFLayout.blockSizeMin else { return nil }
        return TLSFGeometry(flIndexMax: flIndexMax, slLog2: slLog2, controlSize: size)
    }
}

extension TLSFLargestBlock {
    /// `tlsf_fit_size()`: the largest request guaranteed to be served by a free block
    /// of `size` bytes under good-fit search — `size` rounded down to its second-level
    /// interval. From tlsf 32701a1 (v5.3+) sizes below `small_block_size` go through
    /// `adjust_request_size` instead; before it the interval there is 0 and the mask
    /// wipes everything (C unsigned arithmetic, reproduced here).
    static func fitSize(_ size: Int, geometry g: TLSFGeometry, smallSizeFix: Bool) -> Int {
        guard size > 0 else { return 0 }
        if smallSizeFix && size < g.smallBlockSize {
            return TLSFHeap.adjustRequestSize(size, align: TLSFLayout.alignSize, geometry: g)
        }
        let interval = UInt32(truncatingIfNeeded: powerOfTwo(size)) / UInt32(g.slCount)
        return Int(UInt32(truncatingIfNeeded: size) & ~(interval &- 1))
    }
}
