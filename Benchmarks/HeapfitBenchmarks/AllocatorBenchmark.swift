import Simulator

/// One pre-generated operation of a benchmark trace: act on a slot that holds at most one block.
struct TraceOperation {
    enum Kind: UInt8 { case mallocOrFree, realloc, aligned }
    let slot: Int32
    let size: Int32
    let kind: Kind
}

/// A small seedable generator (xorshift64*), so every run replays the same trace.
struct Xorshift: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}

/// A seeded trace of `count` operations over `slots` slots: an empty slot gets a
/// malloc (10% aligned), a full one is freed (15% reallocated instead). Sizes are
/// mostly small with a tail of Wi-Fi/TLS-sized blocks.
func makeTrace(count: Int, slots: Int, seed: UInt64) -> [TraceOperation] {
    var rng = Xorshift(state: seed)
    var trace: [TraceOperation] = []
    trace.reserveCapacity(count)
    for _ in 0..<count {
        let roll = Int.random(in: 0..<100, using: &rng)
        let size: Int
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<75: size = Int.random(in: 1...256, using: &rng)
        case 75..<95: size = Int.random(in: 257...2048, using: &rng)
        default: size = Int.random(in: 2049...17000, using: &rng)
        }
        let kind: TraceOperation.Kind = roll < 10 ? .aligned : roll < 25 ? .realloc : .mallocOrFree
        trace.append(TraceOperation(slot: Int32(Int.random(in: 0..<slots, using: &rng)), size: Int32(size), kind: kind))
    }
    return trace
}

/// Replays `trace` on `heap`; returns a checksum so the work cannot be optimised away.
func replay<H: HeapAllocator>(_ trace: [TraceOperation], on heap: inout H, slots: Int) -> Int {
    var slot = [Int](repeating: 0, count: slots)
    var alignedSlot = [Bool](repeating: false, count: slots)
    var checksum = 0
    for op in trace {
        let i = Int(op.slot)
        if slot[i] == 0 {
            let p = op.kind == .aligned ? heap.alignedAlloc(Int(op.size), alignment: 64) : heap.malloc(Int(op.size))
            slot[i] = p ?? 0
            alignedSlot[i] = op.kind == .aligned
            checksum &+= p ?? 1
        } else if op.kind == .realloc && !alignedSlot[i] {
            if let q = heap.realloc(slot[i], Int(op.size)) { slot[i] = q }
            checksum &+= slot[i]
        } else {
            if alignedSlot[i] { heap.alignedFree(slot[i]) } else { heap.free(slot[i]) }
            slot[i] = 0
        }
    }
    return checksum &+ heap.freeBytes
}
