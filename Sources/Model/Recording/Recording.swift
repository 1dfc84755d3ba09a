import Foundation

/// The allocations a real program made, recorded in order through its allocator hook (an mbedTLS
/// client run 32-bit on the host with `mbedtls_platform_set_calloc_free`; `truth/mbedtls/README.md`
/// says how each was made). A component replays one as its IDF allocation sequence.
///
/// Text form, one item a line (`#` starts a comment):
///
///     heapfit-recording 1
///     knob MBEDTLS_SSL_IN_CONTENT_LEN 16384     the configuration it ran with
///     phase handshake                           the events below belong to this phase
///     +16717 in_buf                             calloc of 16717 B (the next id), tagged in_buf
///     +32x6                                     six callocs of 32 B
///     -12                                       free of allocation 12 (ids count callocs from 1)
///     <3                                        free of the allocation 3 before the newest (<0: the newest)
///     ~32x40                                    forty times: calloc 32 B and free it at once
///     copy 120 40                               the 40 event lines that began 120 event lines back, again
///     recv 1440                                 the program took 1440 B from its socket here
///     send 517                                  it handed 517 B to its socket here
///     = live 32997 blocks 58 peak 37217         what the program's hook counted at this point
///
/// `copy` counts event lines (`+`, `~`, `-`, `<`) as if every earlier `copy` were written out; with
/// relative frees a repeated computation (the bignum temporaries of each ECC step) repeats as text.
/// `recv` and `send` lines are not event lines for `copy` (a copied run never spans one).
public struct Recording: Hashable, Sendable {
    /// One calloc or free, in the order the program made them.
    public enum Event: Hashable, Sendable {
        /// A calloc of `size` bytes; it is allocation number `id` (1-based, in order); `tag` names it
        /// for a component to size it by a knob.
        case alloc(id: Int, size: Int, tag: String?)
        case free(id: Int)
        /// The program read `bytes` from its socket (the bytes a peer's flight had brought).
        case received(bytes: Int)
        /// The program wrote `bytes` to its socket.
        case sent(bytes: Int)
    }

    /// What the program's own hook counted at a `=` line: bytes and blocks held, and the most bytes
    /// held at once since the start.
    public struct Checkpoint: Hashable, Sendable {
        public var phase: String
        /// Index into `events` of the first event after the checkpoint.
        public var after: Int
        public var live: Int
        public var blocks: Int
        public var peak: Int
        public var line: Int
    }

    public var file: String
    /// Phase names in file order.
    public var phases: [String]
    /// Events with the index (into `phases`) of the phase each belongs to.
    public var events: [(phase: Int, event: Event)]
    public var checkpoints: [Checkpoint]
    /// The configuration the program ran with (`knob NAME VALUE` lines).
    public var knobs: [String: Int]

    public static func == (a: Recording, b: Recording) -> Bool {
        a.file == b.file && a.phases == b.phases && a.checkpoints == b.checkpoints && a.knobs == b.knobs
            && a.events.elementsEqual(b.events) { $0.phase == $1.phase && $0.event == $1.event }
    }

    public func hash(into h: inout Hasher) {
        h.combine(file)
        h.combine(events.count)
        h.combine(checkpoints)
    }

    /// The events of the phases named in `phases`, in order.
    public func events(in phases: [String]) -> [Event] {
        let wanted = Set(phases.compactMap { self.phases.firstIndex(of: $0) })
        return events.filter { wanted.contains($0.phase) }.map(\.event)
    }

    /// The largest number of events a recording may hold (a handshake records a few thousand).
    public static let maximumEvents = 1_000_000

    /// Reads the recording at `file`.
    public static func read(_ file: String) throws(Diagnostic) -> Recording {
        let data = try InputFile.read(file, what: "a recording (truth/mbedtls/README.md)", limit: InputFile.yamlLimit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("The file is not UTF-8 text", file: file, expected: "a heapfit recording (text)",
                             fix: "Check that the index names the recording file")
        }
        return try parse(text, file: file)
    }

    /// Parses recording `text` read from `file`; every malformed line is a diagnostic with its line.
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> Recording {
        var parser = RecordingParser(file: file)
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            try parser.take(raw.trimmingCharacters(in: .whitespaces))
        }
        return try parser.finished()
    }
}

/// Reads a recording line by line: the header, event lines (applied as ids are counted), and the other lines
/// (`phase`, `recv`/`send`, `knob`, `copy`, `=`).
private struct RecordingParser {
    var recording: Recording
    /// The last allocation id given out, and the ids not yet freed.
    var allocated = 0
    var live: Set<Int> = []
    var lineNumber = 0
    var line = ""
    var sawHeader = false
    /// Event lines as written out (after `copy`), for `copy` to repeat.
    var written: [EventLine] = []

    init(file: String) {
        recording = Recording(file: file, phases: [], events: [], checkpoints: [], knobs: [:])
    }

    func fail(_ what: String, _ expected: String, fix: String = "Correct the line or record the run again") -> Diagnostic {
        Diagnostic(what, file: recording.file, line: lineNumber, expected: expected, fix: fix)
    }

    /// One trimmed line of the file.
    mutating func take(_ trimmed: String) throws(Diagnostic) {
        lineNumber += 1
        line = trimmed
        guard sawHeader else {
            guard line == "heapfit-recording 1" else {
                throw fail("The file does not start with `heapfit-recording 1`", "a heapfit recording",
                           fix: "Check that the index names a recording file")
            }
            sawHeader = true
            return
        }
        if line.isEmpty || line.hasPrefix("#") { return }
        let words = line.split(separator: " ")
        if let e = EventLine(words) { return try apply(e) }
        try directive(words)
    }

    func finished() throws(Diagnostic) -> Recording {
        if !sawHeader { throw fail("The file is empty", "a heapfit recording") }
        return recording
    }

    /// The index of the current phase.
    func phase() throws(Diagnostic) -> Int {
        guard let p = recording.phases.indices.last else {
            throw fail("`\(line)` comes before any `phase` line", "`phase NAME` before the first event")
        }
        return p
    }

    /// An event line: its callocs get the next ids; its frees must name held allocations.
    mutating func apply(_ e: EventLine) throws(Diagnostic) {
        let p = try phase()
        guard recording.events.count + e.times * 2 <= Recording.maximumEvents else {
            throw fail("The recording holds more than \(Recording.maximumEvents) events", "a recording of one session")
        }
        switch e.kind {
        case .alloc, .transient:
            for _ in 0..<e.times {
                allocated += 1
                recording.events.append((p, .alloc(id: allocated, size: e.value, tag: e.tag)))
                if e.kind == .transient { recording.events.append((p, .free(id: allocated))) } else { live.insert(allocated) }
            }
        case .free, .freeBack:
            let id = e.kind == .free ? e.value : allocated - e.value
            guard live.remove(id) != nil else {
                throw fail("`\(line)` frees no allocation that is held", "-ID or <BACK of an allocation not yet freed")
            }
            recording.events.append((p, .free(id: id)))
        }
        written.append(e)
    }

    /// A line that is not an event line.
    mutating func directive(_ words: [Substring]) throws(Diagnostic) {
        switch words[0] {
        case "phase" where words.count == 2:
            guard !recording.phases.contains(String(words[1])) else {
                throw fail("Phase \(words[1]) appears twice", "each phase once, in order")
            }
            recording.phases.append(String(words[1]))
        case "recv" where words.count == 2, "send" where words.count == 2:
            guard let n = Int(words[1]), n >= 1, n <= 1 << 24 else {
                throw fail("`\(line)` has no byte count", "\(words[0]) BYTES with BYTES ≥ 1")
            }
            recording.events.append((try phase(), words[0] == "recv" ? .received(bytes: n) : .sent(bytes: n)))
        case "knob" where words.count == 3:
            guard let v = Int(words[2]) else { throw fail("`\(line)` has no number", "knob NAME VALUE") }
            recording.knobs[String(words[1])] = v
        case "copy" where words.count == 3:
            guard let back = Int(words[1]), let count = Int(words[2]), back >= 1, back <= written.count, count >= 1,
                  count <= Recording.maximumEvents else {
                throw fail("`\(line)` does not point into the event lines before it", "copy BACK COUNT with 1 ≤ BACK ≤ lines so far")
            }
            let start = written.count - back
            for k in 0..<count { try apply(written[start + k]) }
        case "=":
            try checkpoint(words)
        default:
            throw fail("Unknown line `\(line)`",
                       "+SIZE, ~SIZE, -ID, <BACK, copy BACK COUNT, recv BYTES, send BYTES, = live…, phase NAME, knob NAME VALUE or # comment")
        }
    }

    /// `= live BYTES blocks N peak BYTES`.
    mutating func checkpoint(_ words: [Substring]) throws(Diagnostic) {
        var values: [String: Int] = [:]
        var i = 1
        while i + 1 < words.count { values[String(words[i])] = Int(words[i + 1]); i += 2 }
        guard let l = values["live"], let b = values["blocks"], let pk = values["peak"] else {
            throw fail("`\(line)` is not a checkpoint", "= live BYTES blocks N peak BYTES")
        }
        recording.checkpoints.append(Recording.Checkpoint(phase: recording.phases.last ?? "", after: recording.events.count,
                                                          live: l, blocks: b, peak: pk, line: lineNumber))
    }
}

/// One event line of a recording as written: what `copy` repeats.
struct EventLine: Equatable {
    enum Kind: Equatable { case alloc, transient, free, freeBack }
    var kind: Kind
    /// The size (alloc, transient), the id (free) or how far back (freeBack).
    var value: Int
    var times: Int
    var tag: String?

    /// Parses `+SIZE[xN] [TAG]`, `~SIZE[xN]`, `-ID`, `<BACK`; nil for any other line.
    init?(_ words: [Substring]) {
        guard let head = words.first, let c = head.first, "+~-<".contains(c) else { return nil }
        let parts = head.dropFirst().split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        guard let v = Int(parts[0]), v >= 0, v <= 1 << 32 else { return nil }
        var times = 1
        if parts.count == 2 {
            guard c == "+" || c == "~", let n = Int(parts[1]), n >= 1, n <= Recording.maximumEvents else { return nil }
            times = n
        }
        switch c {
        case "+": kind = .alloc
        case "~": kind = .transient
        case "-": kind = .free
        default: kind = .freeBack
        }
        guard words.count == 1 || (c == "+" && words.count == 2) else { return nil }
        value = v
        self.times = times
        tag = words.count == 2 ? String(words[1]) : nil
    }
}
