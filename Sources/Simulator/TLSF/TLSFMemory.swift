/// The simulated words of a TLSF region and its control structure (second-level bitmaps and
/// list heads), in one allocation that `TLSFHeap` copies on write.
///
/// An `Array` per table made every word access a uniqueness check and a bounds check
/// (a third of the allocator's time, `perf` on `make bench`). Here the heap checks uniqueness
/// once per `multi_heap` call (`TLSFHeap.makeUnique()`), and each access is one compare
/// against the length: an index out of range still stops the program rather than reading
/// outside the buffer.
final class TLSFMemory: @unchecked Sendable {
    /// Region words, then `flCount` second-level bitmaps, then `flCount × slCount` list heads.
    let base: UnsafeMutablePointer<UInt32>
    let wordCount: Int
    let slBase: Int
    let headBase: Int
    let count: Int

    init(wordCount: Int, flCount: Int, slCount: Int, null: UInt32) {
        self.wordCount = wordCount
        slBase = wordCount
        headBase = wordCount + flCount
        count = wordCount + flCount + flCount * slCount
        base = .allocate(capacity: count)
        base.initialize(repeating: 0, count: headBase)
        (base + headBase).initialize(repeating: null, count: count - headBase)
    }

    private init(copying other: TLSFMemory) {
        wordCount = other.wordCount
        slBase = other.slBase
        headBase = other.headBase
        count = other.count
        base = .allocate(capacity: count)
        base.initialize(from: other.base, count: count)
    }

    deinit { base.deallocate() }

    func copy() -> TLSFMemory { TLSFMemory(copying: self) }

    /// Word `i` of the whole buffer; traps when `i` is out of range.
    @inline(__always) subscript(_ i: Int) -> UInt32 {
        get {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count))
            return base[i]
        }
        set {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count))
            base[i] = newValue
        }
    }
}
