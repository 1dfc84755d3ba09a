import Foundation
import Model
import Testing
@testable import Simulator

/// The repository's `truth/mbedtls/index.yaml`.
private let mbedtlsIndex = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("truth/mbedtls/index.yaml").path

private func workloadsFolder() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workloads").path
}

@Suite("mbedTLS recordings replayed")
struct MbedTLSRecordingReplayTests {
    /// Every recording, replayed call by call through the IDF heap of an IDF release that ships its
    /// version: at each of the program's checkpoints the heap holds the blocks and bytes the program's
    /// own hook counted, the most bytes held at once so far is the recorded peak, the heap's used
    /// bytes are its blocks' sizes plus the allocator's overhead, and every invariant holds.
    @Test func everyRecordingReplaysThroughTheIDFHeap() throws {
        let index = try RecordingIndex.read(mbedtlsIndex)
        #expect(index.entries.count >= 20)
        var checked = 0
        for entry in index.entries {
            let idf = try #require(entry.idf.last)
            let variant = AllocatorVariant.forIDF(idf, staticFLIndexMax: 20)
            for (key, path) in entry.files.sorted(by: { $0.key < $1.key }) {
                let recording = try Recording.read(path)
                var heap = try #require(HeapFactory.make(variant, start: 0x3FFB_0000, size: 200_000))
                let emptyFree = heap.freeBytes
                var address: [Int: Int] = [:]
                var size: [Int: Int] = [:]
                var live = 0, peak = 0
                var nextCheckpoint = 0
                func checkpoint(at position: Int) {
                    while nextCheckpoint < recording.checkpoints.count, recording.checkpoints[nextCheckpoint].after == position {
                        let c = recording.checkpoints[nextCheckpoint]
                        #expect(live == c.live, "\(entry.version) \(key) line \(c.line): \(live) B held, recorded \(c.live)")
                        #expect(address.count == c.blocks, "\(entry.version) \(key) line \(c.line): \(address.count) blocks, recorded \(c.blocks)")
                        #expect(peak == c.peak, "\(entry.version) \(key) line \(c.line): peak \(peak), recorded \(c.peak)")
                        let usable = address.values.reduce(0) { $0 + heap.allocatedSize($1) }
                        // Each block costs at least its request; the heap's own accounting agrees with its blocks.
                        #expect(usable >= live)
                        #expect(emptyFree - heap.freeBytes >= usable)
                        nextCheckpoint += 1
                    }
                }
                for (i, item) in recording.events.enumerated() {
                    checkpoint(at: i)
                    switch item.event {
                    case .alloc(let id, let bytes, _):
                        let allocated = heap.calloc(1, bytes)
                        let p = try #require(allocated, "\(entry.version) \(key): calloc(\(bytes)) failed")
                        address[id] = p
                        size[id] = bytes
                        live += bytes
                        peak = max(peak, live)
                    case .free(let id):
                        let held = address.removeValue(forKey: id)
                        let p = try #require(held)
                        heap.free(p)
                        live -= size[id] ?? 0
                    }
                }
                checkpoint(at: recording.events.count)
                #expect(nextCheckpoint == recording.checkpoints.count, "\(entry.version) \(key): checkpoints left unchecked")
                #expect(recording.checkpoints.count >= 5)
                #expect(heap.check() == nil)
                #expect(heap.freeBytes == emptyFree, "\(entry.version) \(key): the session does not free to empty")
                checked += 1
            }
        }
        #expect(checked >= 100)
    }

    /// The shipped tls-session replays, on IDF 5.4 (mbedTLS 3.6.2), the recorded sizes in order,
    /// with the two record buffers sized by the knobs and the keep-peer-certificate variant selected by its knob.
    @Test func tlsSessionTakesItsSequenceFromTheRecording() throws {
        let loader = WorkloadLoader(library: workloadsFolder())
        let yaml = """
            workload: one-tls
            source: test
            steps:
              - open: {component: tls-session, as: tls, with: {chain: ec2, verify: ca}}
              - close: tls
            """
        let workload = try loader.workload(text: yaml, file: NSTemporaryDirectory() + "one-tls.yaml")
            .resolvingRecordings(idf: IDFVersion(5, 4))
        let defaults = try loader.knobTable().defaults(on: IDFVersion(5, 4))
        let recording = try Recording.read(URL(fileURLWithPath: mbedtlsIndex).deletingLastPathComponent()
            .appendingPathComponent("3.6.2/ec2-ca.txt").path)
        func mbedtlsSizes(_ knobs: [String: Int]) throws -> [Int] {
            let timeline = try Timeline(workload, knobs: knobs)
            var sizes: [Int] = []
            for e in timeline.events {
                guard case .alloc(let site, let size, _) = e.kind else { continue }
                let name = timeline.sites[Int(site)].name
                if name.hasPrefix("mbedtls#") || name == "in_buf" || name == "out_buf" { sizes.append(size) }
            }
            return sizes
        }
        let recorded = recording.events(in: recording.phases).compactMap { e -> Int? in
            if case .alloc(_, let size, _) = e { return size } else { return nil }
        }
        #expect(try mbedtlsSizes(defaults) == recorded)
        var smaller = defaults
        smaller["MBEDTLS_SSL_OUT_CONTENT_LEN"] = 2048
        smaller["MBEDTLS_SSL_IN_CONTENT_LEN"] = 8192
        let resized = try mbedtlsSizes(smaller)
        #expect(resized.count == recorded.count)
        #expect(recorded.contains(16717) && recorded.contains(4429))
        #expect(resized.contains(16717 - 8192) && resized.contains(4429 - 2048))
        #expect(!resized.contains(16717) && !resized.contains(4429))
        var keep0 = defaults
        keep0["MBEDTLS_SSL_KEEP_PEER_CERTIFICATE"] = 0
        // ec2-ca has no +keep0 recording: the diagnostic names the key and the recorded ones.
        #expect(throws: Diagnostic.self) { _ = try mbedtlsSizes(keep0) }
        do {
            _ = try mbedtlsSizes(keep0)
        } catch let error as Diagnostic {
            #expect(error.what.contains("no recording ec2-ca+keep0 of mbedTLS 3.6.2"))
            #expect(error.fix?.contains("ec2-none+keep0") == true)
        }
    }
}
