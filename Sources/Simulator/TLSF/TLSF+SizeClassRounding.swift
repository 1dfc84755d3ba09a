// How a request is rounded before the free lists are searched, and what size
// the chosen block is trimmed to (espressif/tlsf `mapping_search`, domain §1.4).
// The IDF v5.4+ difference (tlsf 81d3779 "Fix block allocation size") lives here.

/// The formulas `multi_heap_get_info` uses to report `largest_free_block`.
enum TLSFLargestBlock {
    static func report(_ largest: Int, variant: TLSFVariant, geometry: TLSFGeometry) -> Int {
        switch variant.largestFreeBlock {
        case .powerOfTwo: return powerOfTwo(largest)
        case .classMask: return classMask(largest)
        case .fitSizeOriginal: return fitSize(largest, geometry: geometry, smallSizeFix: false)
        case .fitSizeSmallFix: return fitSize(largest, geometry: geometry, smallSizeFix: true)
        }
    }
}

extension TLSFHeap {
    /// `mapping_search`: the (fl, sl) list to start searching from for a request of
    /// `size` bytes, and the size the block will be trimmed to.
    /// - ≤ v5.3 (and upstream): the search size is `size + interval − 1` on a local
    ///   copy; the block is trimmed to the unrounded request.
    /// - v5.4+: the request itself is aligned up to its interval, and that rounded
    ///   size is what gets allocated.
    @inline(__always)
    func mappingSearch(_ size: Int) -> (fl: Int, sl: Int, allocationSize: Int) {
        let g = geometry
        guard size >= g.smallBlockSize else {
            let (fl, sl) = mappingInsert(size)
            return (fl, sl, size)
        }
        let interval = 1 << (Self.fls(size) - g.slLog2)
        if variant.roundsToSizeClass {
            let rounded = (size + interval - 1) & ~(interval - 1)
            let (fl, sl) = mappingInsert(rounded)
            return (fl, sl, rounded)
        }
        let (fl, sl) = mappingInsert(size + interval - 1)
        return (fl, sl, size)
    }
}
