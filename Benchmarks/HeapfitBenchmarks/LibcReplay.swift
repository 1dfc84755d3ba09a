#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replays `trace` through the C library's malloc/free/realloc/posix_memalign, slot for slot
/// as `replay(_:on:slots:)` does on a model: the yardstick of the allocator target. Every block
/// still held at the end is freed, so repeated runs start from the same process heap state.
func replayOnLibc(_ trace: [TraceOperation], slots: Int) -> Int {
    var slot = [UnsafeMutableRawPointer?](repeating: nil, count: slots)
    var alignedSlot = [Bool](repeating: false, count: slots)
    var checksum = 0
    for op in trace {
        let i = Int(op.slot)
        if slot[i] == nil {
            var p: UnsafeMutableRawPointer?
            if op.kind == .aligned {
                if posix_memalign(&p, 64, Int(op.size)) != 0 { p = nil }
            } else {
                p = malloc(Int(op.size))
            }
            slot[i] = p
            alignedSlot[i] = op.kind == .aligned
            checksum &+= p.map { Int(bitPattern: $0) & 0xFFF } ?? 1
        } else if op.kind == .realloc && !alignedSlot[i] {
            if let q = realloc(slot[i], Int(op.size)) { slot[i] = q }
            checksum &+= 1
        } else {
            free(slot[i])
            slot[i] = nil
        }
    }
    for p in slot where p != nil { free(p) }
    return checksum
}
