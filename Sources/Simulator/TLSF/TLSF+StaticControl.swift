// The static-control TLSF of IDF v4.3–v4.3.4, v4.4–v4.4.3 (in-tree heap_tlsf.c,
// heap_tlsf_config.h) and v5.0 (tlsf ab17d67 + tlsf_platform.h):
// docs/domain/esp-idf-heap.md §1.3 and §2.1.

extension TLSFGeometry {
    /// SL_INDEX_COUNT_LOG2 = 5, FL_INDEX_SHIFT = 7, SMALL_BLOCK_SIZE = 128, and
    /// `sizeof(control_t)` = block_null 16 + fl_bitmap 4 + (4 + 32·4)·FL_COUNT
    /// = 20 + 132·(FL_INDEX_MAX − 6): FL 18 → 1604 B (ESP32), FL 19 → 1736 B (S2/S3/C3/C6).
    static func staticControl(flIndexMax: Int) -> TLSFGeometry {
        let slLog2 = 5
        let flCount = flIndexMax - (slLog2 + TLSFLayout.alignSizeLog2) + 1
        return TLSFGeometry(flIndexMax: flIndexMax, slLog2: slLog2, controlSize: 20 + 132 * flCount)
    }

    /// `FL_INDEX_MAX` that `TLSF_MAX_POOL_SIZE` selects: the bit length of the
    /// largest pool, at least 18 (≤256 KiB → 18, ≤512 KiB → 19, … ≤16 MiB → 24).
    public static func staticFLIndexMax(maxPoolSize: Int) -> Int {
        var fl = 18
        while (1 << fl) < maxPoolSize { fl += 1 }
        return fl
    }
}

extension TLSFLargestBlock {
    /// v4.3–v4.3.1 (espressif/esp-idf#7808): `1 << floor_log2(max)`.
    static func powerOfTwo(_ largest: Int) -> Int {
        largest > 0 ? 1 << (Int.bitWidth - 1 - largest.leadingZeroBitCount) : 0
    }

    /// v4.3.2–v4.3.4, v4.4–v4.4.3, v5.0: `max & ~((1 << floor_log2(max)) / 32 − 1)`,
    /// computed in 32-bit unsigned arithmetic as the C code does (below 32 the mask is 0).
    static func classMask(_ largest: Int) -> Int {
        guard largest > 0 else { return 0 }
        let interval = UInt32(truncatingIfNeeded: powerOfTwo(largest)) / 32
        return Int(UInt32(truncatingIfNeeded: largest) & ~(interval &- 1))
    }
}
