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
                    case .received, .sent: break
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

    /// The server's frames (`InboundFrames`, MSS 1440, 4 frames of window): in every recording each flight's
    /// frames all arrive and all leave by the client's next write; and at the most mbedTLS holds during the
    /// handshake only the end of the server's flight is still unread (one frame, two when the chain is
    /// verified) — not the whole flight.
    @Test func theServersFramesLeaveAsMbedTLSReadsThem() throws {
        let index = try RecordingIndex.read(mbedtlsIndex)
        var checked = 0
        for entry in index.entries {
            for (key, path) in entry.files.sorted(by: { $0.key < $1.key }) where !key.contains("tls13") {
                let recording = try Recording.read(path)
                let events = recording.events(in: ["handshake"])
                var frames = InboundFrames(mss: 1440, overhead: 160, wrapper: 32, window: 4, events: events)
                var held: Set<Int> = [], live = 0, peak = 0, heldAtPeak = 0, arrivals = 0
                var size: [Int: Int] = [:]
                for e in events {
                    switch e {
                    case .received(let n):
                        for c in frames.read(n) {
                            switch c {
                            case .arrive(let f, let bytes, _):
                                #expect(bytes <= 1600 && bytes > 160)
                                held.insert(f); arrivals += 1
                            case .leave(let f): #expect(held.remove(f) != nil)
                            }
                        }
                    case .sent:
                        #expect(held.isEmpty, "\(entry.version) \(key): frames unread at a write")
                        frames.endFlight()
                    case .alloc(let id, let bytes, _):
                        size[id] = bytes
                        live += bytes
                        if live > peak { peak = live; heldAtPeak = held.count }
                    case .free(let id): live -= size[id] ?? 0
                    }
                }
                #expect(held.isEmpty)
                // The server's first flight of a 3-certificate chain is more than three frames.
                if key.hasPrefix("rsa3") { #expect(arrivals >= 4, "\(entry.version) \(key)") }
                // Unverified, the peak is the ServerKeyExchange signature and ECDHE, when at most the frame with the flight's
                // end is unread; verifying, it is the chain's signatures, checked as the Certificate record is parsed, when
                // the frames of ServerKeyExchange and ServerHelloDone may still wait.
                let most = key.contains("-ca") ? 2 : 1
                #expect(heldAtPeak <= most, "\(entry.version) \(key): \(heldAtPeak) frames held at the handshake's peak")
                checked += 1
            }
        }
        #expect(checked >= 150)
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

/// The frames of one flight by hand: a window smaller than the flight brings frames as earlier ones are read.
@Suite("inbound frames")
struct InboundFramesTests {
    @Test func aFlightArrivesAtItsFirstReadAndLeavesAsItIsRead() {
        // One flight of 5 + 4000 B (3 frames of 1440: 1440, 1440, 1125), then a write, then 5 + 20 B (1 frame).
        let events: [Recording.Event] = [.sent(bytes: 200), .received(bytes: 5), .received(bytes: 4000), .sent(bytes: 70),
                                         .received(bytes: 5), .received(bytes: 20)]
        var f = InboundFrames(mss: 1440, overhead: 160, wrapper: 32, window: 4, events: events)
        #expect(f.flights == [4005, 25])
        #expect(f.read(5) == [.arrive(n: 0, size: 1600, wrapper: 32), .arrive(n: 1, size: 1600, wrapper: 32),
                              .arrive(n: 2, size: 1125 + 160, wrapper: 32)])
        #expect(f.read(4000) == [.leave(n: 0), .leave(n: 1), .leave(n: 2)])
        f.endFlight()
        #expect(f.read(5) == [.arrive(n: 3, size: 25 + 160, wrapper: 32)])
        #expect(f.read(20) == [.leave(n: 3)])
    }

    @Test func aSmallWindowHoldsFewerFramesAtOnce() {
        let events: [Recording.Event] = [.received(bytes: 1440), .received(bytes: 1440), .received(bytes: 1000)]
        var f = InboundFrames(mss: 1440, overhead: 160, wrapper: 0, window: 2, events: events)
        #expect(f.read(1440) == [.arrive(n: 0, size: 1600, wrapper: 0), .arrive(n: 1, size: 1600, wrapper: 0),
                                 .leave(n: 0), .arrive(n: 2, size: 1160, wrapper: 0)])
        #expect(f.read(1440) == [.leave(n: 1)])
        #expect(f.read(1000) == [.leave(n: 2)])
        var none = InboundFrames(mss: 1440, overhead: 160, wrapper: 32, window: 0, events: events)
        #expect(none.read(1440).isEmpty)
    }
}
