import Foundation
import Testing
@testable import Simulator

/// Replays `Tests/Fixtures/allocator-traces/legacy-v4.2-none.trace` (what the real v4.2.5
/// `multi_heap.c` returned, compiled with gcc -m32; format in that folder's README) and
/// requires every pointer, free/minimum figure, size and info line to match.
@Suite("LegacyBestFitHeap replays the real v4.2 trace")
struct LegacyBestFitTraceReplayTests {
    static let traceURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/allocator-traces/legacy-v4.2-none.trace")

    /// Regions are placed at a 4096-aligned ESP32 DRAM address plus the trace's start-mod-4096.
    static let pageBase = 0x3FF0_0000

    @Test(.enabled(if: FileManager.default.fileExists(atPath: traceURL.path), "trace fixture not present"))
    func replayMatchesTheRealAllocator() throws {
        let text = try String(contentsOf: Self.traceURL, encoding: .utf8)
        var heap: LegacyBestFitHeap?
        var start = 0
        var aligned = Set<Int>()
        var checked = 0

        func pointer(_ token: Substring) -> Int? { token == "null" ? nil : start + Int(token)! }
        func offset(_ p: Int?) -> String { p.map { String($0 - start) } ?? "null" }

        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.split(separator: " ") }
            let call = parts[0], expected = parts.count > 1 ? parts[1] : []
            let at = "line \(number + 1): \(line)"
            switch call[0] {
            case "variant", "idf", "poisoning", "end":
                continue
            case "region":
                start = Self.pageBase + Int(call[2])!
                heap = LegacyBestFitHeap(start: start, size: Int(call[1])!)
                aligned = []
                continue
            case "rejected":
                let registered = heap != nil
                #expect(!registered, "\(at)")
                continue
            case "registered":
                let h = try #require(heap, "\(at)")
                #expect("\(h.freeBytes) \(h.minimumFreeBytes)" == "\(call[1]) \(call[2])", "\(at)")
                continue
            default:
                break
            }
            var h = try #require(heap, "\(at)")
            var got: String
            switch call[0] {
            case "malloc":
                got = offset(h.malloc(Int(call[1])!))
            case "realloc":
                got = offset(h.realloc(pointer(call[1]), Int(call[2])!))
            case "aligned":
                let p = h.alignedAlloc(Int(call[2])!, alignment: Int(call[1])!, offset: Int(call[3])!)
                if let p { aligned.insert(p) }
                got = offset(p)
            case "free":
                let p = try #require(pointer(call[1]))
                if aligned.remove(p) != nil { h.alignedFree(p) } else { h.free(p) }
                got = "-"
            case "size":
                got = String(h.allocatedSize(try #require(pointer(call[1]))))
            case "info":
                let i = h.info()
                got = [i.totalFreeBytes, i.totalAllocatedBytes, i.largestFreeBlock, i.minimumFreeBytes,
                       i.allocatedBlocks, i.freeBlocks, i.totalBlocks].map(String.init).joined(separator: " ")
            default:
                Issue.record("\(at): unknown call")
                return
            }
            if ["malloc", "realloc", "aligned", "free"].contains(call[0]) {
                got += " \(h.freeBytes) \(h.minimumFreeBytes)"
            }
            heap = h
            let want = expected.joined(separator: " ")
            guard got == want else {
                Issue.record("\(at)\n  real: \(want)\n  simulated: \(got)")
                return
            }
            if let violation = h.check() {
                Issue.record("\(at): \(violation)")
                return
            }
            checked += 1
        }
        #expect(checked > 20_000)
    }
}
