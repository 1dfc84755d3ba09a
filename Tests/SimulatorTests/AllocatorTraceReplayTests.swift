import Foundation
import Testing
import Model
@testable import Simulator

// Replays ground-truth traces recorded from the real ESP-IDF heap sources compiled
// for a 32-bit host (Tests/Fixtures/allocator-traces/README.md says how they were
// made) and demands the simulator return the same pointer, free count and info
// figures at every step.

/// The first line of a trace where the simulator disagrees with the real allocator.
struct TraceMismatch: CustomStringConvertible {
    let file: String
    let line: Int
    let text: String
    let got: String
    var description: String { "\(file):\(line): `\(text)` — simulator gives \(got)" }
}

/// Replays one trace file; returns the number of operations checked, or the first mismatch.
func replayTrace(_ url: URL) throws -> (operations: Int, mismatch: TraceMismatch?) {
    let name = url.lastPathComponent
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    var variant: AllocatorVariant?
    var poisoning = PoisoningLevel.disabled
    var heap: (any HeapAllocator)?
    var regionStart = 0
    var operations = 0
    var alignedPointers = Set<Int>()  // freed with multi_heap_aligned_free (matters for v4.2)

    func pointer(_ token: Substring) -> Int? { token == "null" ? nil : Int(token).map { regionStart + $0 } }
    func show(_ p: Int?) -> String { p.map { String($0 - regionStart) } ?? "null" }

    for (index, raw) in lines.enumerated() {
        let lineNumber = index + 1
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text.hasPrefix("#") { continue }
        let f = text.split(separator: " ")
        func mismatch(_ got: String) -> (Int, TraceMismatch?) {
            (operations, TraceMismatch(file: name, line: lineNumber, text: text, got: got))
        }
        switch f[0] {
        case "variant", "end":
            continue
        case "idf":
            guard let v = IDFVersion(parsing: String(f[1])) else { return mismatch("an unparsable IDF tag") }
            variant = AllocatorVariant.forIDF(v, staticFLIndexMax: 18)  // ESP32 without PSRAM (§1.3)
        case "poisoning":
            poisoning = f[1] == "none" ? .disabled : PoisoningLevel(rawValue: String(f[1])) ?? .disabled
        case "region":
            guard let variant, f.count >= 3, let length = Int(f[1]), let mod = Int(f[2]) else {
                return mismatch("a malformed region line (or no idf line before it)")
            }
            regionStart = 0x3FC0_0000 + mod
            heap = HeapFactory.make(variant, poisoning: poisoning, start: regionStart, size: length)
            alignedPointers = []
        case "registered", "rejected":
            operations += 1
            if f[0] == "rejected" {
                if heap != nil { return mismatch("a registered heap") }
            } else {
                guard let h = heap else { return mismatch("rejected") }
                if "\(h.freeBytes) \(h.minimumFreeBytes)" != "\(f[1]) \(f[2])" {
                    return mismatch("\(h.freeBytes) \(h.minimumFreeBytes)")
                }
            }
        default:
            guard var h = heap, let eq = f.firstIndex(of: "=") else { return mismatch("no heap, or no '='") }
            operations += 1
            let args = Array(f[1..<eq]), expected = Array(f[(eq + 1)...])
            var result: String
            switch f[0] {
            case "malloc": result = show(h.malloc(Int(args[0])!))
            case "realloc": result = show(h.realloc(pointer(args[0]), Int(args[1])!))
            case "aligned":
                let p = h.alignedAlloc(Int(args[1])!, alignment: Int(args[0])!, offset: Int(args[2])!)
                if let p { alignedPointers.insert(p) }
                result = show(p)
            case "free":
                let p = pointer(args[0])
                if let p, alignedPointers.remove(p) != nil { h.alignedFree(p) } else { h.free(p) }
                result = "-"
            case "size":
                result = String(h.allocatedSize(pointer(args[0])!))
            case "info":
                let i = h.info()
                result = [i.totalFreeBytes, i.totalAllocatedBytes, i.largestFreeBlock, i.minimumFreeBytes,
                          i.allocatedBlocks, i.freeBlocks, i.totalBlocks].map(String.init).joined(separator: " ")
            default: return mismatch("an unknown record '\(f[0])'")
            }
            if ["malloc", "realloc", "aligned", "free"].contains(String(f[0])) {
                result += " \(h.freeBytes) \(h.minimumFreeBytes)"
            }
            if result != expected.joined(separator: " ") { return mismatch(result) }
            // The real v4.2 check rejects aligned blocks under poisoning (see the traces' README).
            let checkable = !(variant == .legacyBestFit && poisoning != .disabled)
            if checkable, let violation = h.check() { return mismatch("a broken invariant: \(violation)") }
            heap = h
        }
    }
    return (operations, nil)
}

@Test("Replays real-allocator traces exactly", arguments: fixtureFiles(in: "allocator-traces", withExtension: "trace"))
func realAllocatorTraces(file: URL) throws {
    let (operations, mismatch) = try replayTrace(file)
    #expect(mismatch == nil, "\(mismatch.map(String.init(describing:)) ?? "")")
    #expect(operations > 50, "\(file.lastPathComponent) holds only \(operations) records")
}

@Test func everyAllocatorVariantHasARealTrace() {
    // One trace per allocator flavour at least; the list grows with the fixtures.
    let names = Set(fixtureFiles(in: "allocator-traces", withExtension: "trace").map(\.lastPathComponent))
    for required in ["legacy-v4.2-none.trace", "tlsf-rounding-v5.4-none.trace", "tlsf-dynamic-v5.3-none.trace", "tlsf-dynamic-v5.2-none.trace",
                     "tlsf-static-v4.4-none.trace"] {
        #expect(names.contains(required), "missing \(required)")
    }
}
