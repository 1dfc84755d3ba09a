import Foundation

/// A component operation that replays a recording (`recording:` in a component file): the
/// recorded callocs and frees of the named phases, in order, as the component's own allocations.
/// Which recording: the index entry of the version the scenario's IDF release ships, then the key
/// built from the component's parameters (`{chain}-{verify}`) and the variants whose condition
/// holds (`+keep0` when `1 - MBEDTLS_SSL_KEEP_PEER_CERTIFICATE` is non-zero).
public struct RecordingReplay: Hashable, Sendable {
    /// A suffix added to the key when `when` evaluates to non-zero.
    public struct Variant: Hashable, Sendable {
        public var suffix: String
        public var when: SizeExpression
    }

    /// The frames a peer's data occupies in the network stack until the program reads it (`inbound:`).
    /// The recording says how many bytes each read took (`recv`) and where the program wrote (`send`);
    /// a flight is the bytes read between two writes. The whole flight arrives at the first read, at
    /// most `window` frames of it at once (the advertised window and the driver's buffers bound the
    /// unread data), `mss` payload bytes a frame; a frame is given back once every byte of it has been
    /// read, and the next frames of the flight arrive in its place. A frame takes its payload plus
    /// `overhead` bytes (caps `target`) and a `wrapper` of its own (plain malloc).
    public struct Inbound: Hashable, Sendable {
        public var name: String
        public var mss: SizeExpression
        public var overhead: SizeExpression
        public var wrapper: SizeExpression
        public var window: SizeExpression
        public var target: AllocationTarget

        public init(name: String, mss: SizeExpression, overhead: SizeExpression, wrapper: SizeExpression,
                    window: SizeExpression, target: AllocationTarget) {
            self.name = name
            self.mss = mss
            self.overhead = overhead
            self.wrapper = wrapper
            self.window = window
            self.target = target
        }

        var knobs: Set<String> { mss.knobs.union(overhead.knobs).union(wrapper.knobs).union(window.knobs) }
    }

    /// The recordings of one program version, loaded for a scenario's IDF release.
    public struct Resolved: Hashable, Sendable {
        public var version: String
        public var idf: IDFVersion
        public var recordings: [String: Recording]
    }

    /// Allocation names are `NAME#ID` (ID: the recorded allocation's number).
    public var name: String
    public var index: RecordingIndex
    /// The key with `{parameter}` placeholders.
    public var key: String
    public var variants: [Variant]
    public var phases: [String]
    /// Tag → size expression for recorded allocations with that tag; `size` is bound to the recorded
    /// size and `RECORDED_<KNOB>` to the recording's `knob` lines.
    public var tags: [String: SizeExpression]
    public var target: AllocationTarget
    /// The peer's frames held while the program reads them; nil: not modelled by this operation.
    public var inbound: Inbound?
    /// Set by `Workload.resolvingRecordings(idf:)`.
    public var resolved: Resolved?

    public init(name: String, index: RecordingIndex, key: String, variants: [Variant], phases: [String],
                tags: [String: SizeExpression], target: AllocationTarget) {
        self.name = name
        self.index = index
        self.key = key
        self.variants = variants
        self.phases = phases
        self.tags = tags
        self.target = target
    }

    /// Knobs the tags and variants use (not `size` nor the recording's own `RECORDED_…` values).
    public var knobs: Set<String> {
        var names = Set<String>()
        for e in tags.values { names.formUnion(e.knobs) }
        for v in variants { names.formUnion(v.when.knobs) }
        if let inbound { names.formUnion(inbound.knobs) }
        return names.filter { $0 != "size" && !$0.hasPrefix("RECORDED_") }
    }

    /// The placeholders of `key` (`{chain}` → `chain`).
    public var placeholders: [String] {
        var names: [String] = []
        var rest = Substring(key)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The key for `bindings` (knobs and parameters), a choice parameter written as its word.
    public func key(bindings: [String: Int], choices: [String: [String]]) -> Result<String, ExpressionError> {
        var text = key
        for p in placeholders {
            guard let v = bindings[p] else { return .failure(ExpressionError(message: "unknown parameter \(p)")) }
            let word = choices[p].flatMap { v >= 0 && v < $0.count ? $0[v] : nil } ?? String(v)
            text = text.replacingOccurrences(of: "{\(p)}", with: word)
        }
        for variant in variants {
            switch variant.when.evaluate(bindings) {
            case .success(let v): if v != 0 { text += variant.suffix }
            case .failure(let e): return .failure(e)
            }
        }
        return .success(text)
    }

    /// Bytes the selected recording's phases leave allocated (allocations less frees, tags sized with
    /// `bindings`); 0 before the recordings are resolved or when the key names none.
    public func heldBytes(bindings: [String: Int], choices: [String: [String]]) -> Int {
        guard let resolved, case .success(let key) = key(bindings: bindings, choices: choices),
              let recording = resolved.recordings[key] else { return 0 }
        var tagBindings = bindings
        for (k, v) in recording.knobs { tagBindings["RECORDED_" + k] = v }
        var held: [Int: Int] = [:]
        for event in recording.events(in: phases) {
            switch event {
            case .alloc(let id, let size, let tag):
                var bytes = size
                if let tag, let e = tags[tag] {
                    tagBindings["size"] = size
                    if case .success(let v) = e.evaluate(tagBindings) { bytes = v }
                }
                held[id] = bytes
            case .free(let id): held[id] = nil
            case .received, .sent: break
            }
        }
        return held.values.reduce(0, +)
    }

    /// This replay with the recordings of the version `idf` ships loaded.
    /// `cache` holds the files read so far (the operations of one component share them).
    public func resolving(idf: IDFVersion, component: String, cache: inout [String: Recording]) throws(Diagnostic)
        -> RecordingReplay {
        if resolved?.idf == idf { return self }
        guard let entry = index.entry(for: idf) else {
            throw Diagnostic("Component \(component) replays recordings of \(index.file), which has none for IDF \(idf)",
                             file: index.file, expected: "an entry whose idf: list names \(idf)",
                             fix: "Record that release's version and add it to the index (truth/mbedtls/README.md), or run another IDF release")
        }
        var recordings: [String: Recording] = [:]
        for (key, path) in entry.files {
            if let r = cache[path] { recordings[key] = r; continue }
            let r = try Recording.read(path)
            cache[path] = r
            recordings[key] = r
        }
        var copy = self
        copy.resolved = Resolved(version: entry.version, idf: idf, recordings: recordings)
        return copy
    }
}

extension Workload {
    /// The workload with every `recording:` operation's recordings loaded for `idf`; a workload
    /// without one is returned as it is.
    public func resolvingRecordings(idf: IDFVersion) throws(Diagnostic) -> Workload {
        var copy = self
        for (name, component) in components {
            copy.components[name] = try component.resolvingRecordings(idf: idf)
        }
        return copy
    }
}

extension ComponentDefinition {
    /// The component with its `recording:` operations' recordings loaded for `idf`.
    public func resolvingRecordings(idf: IDFVersion) throws(Diagnostic) -> ComponentDefinition {
        guard (open + close).contains(where: { if case .recording = $0.kind { true } else { false } }) else { return self }
        var copy = self
        var cache: [String: Recording] = [:]
        func resolve(_ ops: [ComponentOperation]) throws(Diagnostic) -> [ComponentOperation] {
            var out: [ComponentOperation] = []
            for op in ops {
                var op = op
                if case .recording(let r) = op.kind { op.kind = .recording(try r.resolving(idf: idf, component: name, cache: &cache)) }
                out.append(op)
            }
            return out
        }
        copy.open = try resolve(open)
        copy.close = try resolve(close)
        return copy
    }
}
