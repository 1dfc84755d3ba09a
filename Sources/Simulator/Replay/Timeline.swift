import Model

/// One event of a compiled workload timeline. Events are small (32 B): a million-event workload
/// must replay within 100 MB (issue 7), so the strings an allocation names live once in
/// `Timeline.sites` and an event carries the site's index.
public struct TimelineEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A component instance allocates one block of `size` (`Timeline.sites[site]` says who and where).
        case alloc(site: Int32, size: Int, target: AllocationTarget)
        /// A component instance frees everything it holds under the site's name, newest first.
        case free(site: Int32)
        /// Close: free everything the site's instance still holds, newest first.
        case freeInstance(site: Int32)
        /// Python allocates one object; `keep` names it (else it is garbage when its step ends).
        case python(bytes: Int, keep: String?)
        case release(String)
        case collect
        /// C code in another task allocates from the GC heap while a collection holds the lock.
        case gcAllocDuringCollection(bytes: Int)
        /// The end of step `index`: its transient objects become garbage; stats are sampled.
        case stepEnd(Int32)
    }

    public var kind: Kind
    private var stepIndex: Int32
    /// The step (index into `Timeline.steps`) this event belongs to.
    public var step: Int { Int(stepIndex) }

    public init(kind: Kind, step: Int) {
        self.kind = kind
        self.stepIndex = Int32(truncatingIfNeeded: step)
    }
}

/// Who allocates or frees, interned once per timeline: a component instance, the allocation's
/// name, and the component file and line that define it (empty name: the whole instance).
public struct AllocationSite: Hashable, Sendable {
    public var instance: String
    public var name: String
    public var line: Int
    public var file: String
    /// `instance/name`, as reports and the owner table name the block.
    public var owner: String
    /// The instance, and the instance's name, as small numbers the replayer keys its held blocks by
    /// (hashing an integer per event instead of two strings); equal strings get equal numbers.
    public var instanceID: Int32 = 0
    public var holdingID: Int32 = 0

    public init(instance: String, name: String, line: Int, file: String) {
        self.instance = instance
        self.name = name
        self.line = line
        self.file = file
        self.owner = "\(instance)/\(name)"
    }
}

/// A step as reports name it.
public struct StepInfo: Hashable, Sendable, Codable {
    public var label: String
    public var line: Int
    /// Index (into `Timeline.steps`) of the top-level step it belongs to; its own index for a top-level step.
    public var topLevel: Int
}

/// A workload turned into a flat, deterministic list of events, with every size evaluated.
public struct Timeline: Sendable {
    public var events: [TimelineEvent] = []
    public var steps: [StepInfo] = []
    /// The allocation sites events refer to by index.
    public var sites: [AllocationSite] = []
    /// Knob values used (defaults of the IDF release, then the workload's, then the user's).
    public var knobs: [String: Int]
    /// Component instance → the component it is (`tls1` → `tls-session`), for every instance opened.
    public var instanceComponents: [String: String] = [:]

    /// The largest number of events heapfit will replay (bad input must not run unbounded).
    public static let maximumEvents = 20_000_000

    /// Compiles `workload` with `knobs`; an unknown knob, a negative size or more than `maximumEvents`
    /// events is a diagnostic. A workload whose repeats and Python counts alone exceed the limit is
    /// refused before anything is expanded (so `repeat: 1e5 × count: 1e6` costs nothing); otherwise the
    /// limit is checked event by event.
    public init(_ workload: Workload, knobs: [String: Int], maximumEvents: Int = Timeline.maximumEvents,
                limitFix: String = Timeline.limitFix) throws(Diagnostic) {
        self.knobs = knobs
        let least = Self.leastEvents(workload.steps)
        if least > maximumEvents {
            throw Diagnostic("The workload expands to at least \(least == .max ? "9.2e18" : String(least)) events, more than the "
                             + "limit of \(maximumEvents) events heapfit replays", file: workload.file,
                             line: workload.steps.first?.line, fix: limitFix)
        }
        var compiler = TimelineCompiler(workload: workload, knobs: knobs, maximumEvents: maximumEvents, limitFix: limitFix)
        for step in workload.steps {
            compiler.topLevel = steps.count
            try compiler.compile(step, into: &events, steps: &steps)
        }
        sites = compiler.sites
        instanceComponents = compiler.opened
    }
}

extension Timeline {
    /// What to do when a workload is over the event limit.
    public static let limitFix = "Lower repeat times or python counts (a long run is rarely needed: a few rounds show "
        + "fragmentation), or simulate parts of the workload separately"

    /// A lower bound of the events `steps` expand to (each step's end, Python objects, repeats), saturating at
    /// `Int.max`: component operations are left out, so it never exceeds the true count.
    static func leastEvents(_ steps: [WorkloadStep]) -> Int {
        var total = 0
        for step in steps {
            var n = 1  // the step's end
            switch step.action {
            case .python(_, let count, _): n = n.addingSaturated(count)
            case .repeat(let times, let body): n = n.addingSaturated(times.multipliedSaturated(by: leastEvents(body)))
            case .parallel(let branches): for b in branches { n = n.addingSaturated(leastEvents(b)) }
            case .open, .close, .release, .collect, .gcAllocDuringCollection: break
            }
            total = total.addingSaturated(n)
        }
        return total
    }
}

extension Int {
    func addingSaturated(_ other: Int) -> Int {
        let (v, o) = addingReportingOverflow(other)
        return o ? .max : v
    }

    func multipliedSaturated(by other: Int) -> Int {
        let (v, o) = multipliedReportingOverflow(by: other)
        return o ? .max : v
    }
}

struct TimelineCompiler {
    let workload: Workload
    let knobs: [String: Int]
    let maximumEvents: Int
    let limitFix: String
    var topLevel = 0
    /// Instance → component, for instances opened so far.
    var instances: [String: (ComponentDefinition, [String: Int])] = [:]
    /// Every instance ever opened → its component's name.
    var opened: [String: String] = [:]
    var sites: [AllocationSite] = []
    var siteIndex: [AllocationSite: Int32] = [:]

    var instanceIDs: [String: Int32] = [:]
    var holdingIDs: [String: Int32] = [:]

    /// The index of `site`, added on first use (with its instance and holding numbered).
    mutating func intern(_ site: AllocationSite) -> Int32 {
        var site = site
        site.instanceID = Self.number(site.instance, in: &instanceIDs)
        site.holdingID = Self.number(site.owner, in: &holdingIDs)
        if let i = siteIndex[site] { return i }
        let i = Int32(sites.count)
        sites.append(site)
        siteIndex[site] = i
        return i
    }

    init(workload: Workload, knobs: [String: Int], maximumEvents: Int = Timeline.maximumEvents,
         limitFix: String = Timeline.limitFix) {
        self.workload = workload
        self.knobs = knobs
        self.maximumEvents = maximumEvents
        self.limitFix = limitFix
    }

    func overLimit(line: Int, file: String? = nil) -> Diagnostic {
        fail("The workload expands to more than \(maximumEvents) events, the limit heapfit replays", line: line, file: file,
             fix: limitFix)
    }

    func fail(_ what: String, line: Int, file: String? = nil, fix: String? = nil) -> Diagnostic {
        Diagnostic(what, file: file ?? workload.file, line: line, fix: fix)
    }

    /// 2³²: the address space of the ESP32 family (and the ESP8266); a size or count above it is a mistake.
    static let largestSize = 1 << 32

    func evaluate(_ e: SizeExpression, _ bindings: [String: Int], line: Int, file: String) throws(Diagnostic) -> Int {
        switch e.evaluate(bindings) {
        case .success(let v):
            guard v >= 0 else { throw fail("Size \(e) evaluates to \(v), a negative size", line: line, file: file,
                                            fix: "Check the knob values it uses") }
            // No 32-bit chip allocates more than its address space; larger values only overflow the models' arithmetic.
            guard v <= Self.largestSize else {
                throw fail("Size \(e) evaluates to \(v) B, more than the 4 GiB a 32-bit chip can address", line: line, file: file,
                           fix: "Check the expression and the knob values it uses")
            }
            return v
        case .failure(let error):
            let unknown = e.knobs.filter { bindings[$0] == nil }.sorted()
            guard let name = unknown.first else {
                throw fail("Cannot evaluate \(e): \(error.message)", line: line, file: file,
                           fix: "Correct the expression, or the knob values it uses")
            }
            throw fail("Cannot evaluate \(e): \(error.message)", line: line, file: file,
                       fix: "Name a knob of workloads/knobs.yaml or a parameter of the component."
                           + NameSuggestion.hint(for: name, in: bindings.keys))
        }
    }

    mutating func compile(_ step: WorkloadStep, into events: inout [TimelineEvent], steps: inout [StepInfo]) throws(Diagnostic) {
        let index = steps.count
        steps.append(StepInfo(label: step.label ?? Self.describe(step.action), line: step.line, topLevel: topLevel))
        let file = workload.file
        func emit(_ kind: TimelineEvent.Kind) throws(Diagnostic) {
            try push(kind, into: &events, step: index, line: step.line, file: file)
        }
        switch step.action {
        case .open(let name, let instance, let parameters):
            guard let component = workload.components[name] else {
                throw fail("Unknown component \(name)", line: step.line)
            }
            let bindings = knobs.merging(component.parameters.merging(parameters) { _, new in new }) { _, local in local }
            instances[instance] = (component, bindings)
            opened[instance] = name
            for op in component.open { try emitOperation(op, of: instance, component, bindings, into: &events, step: index, line: step.line) }
        case .close(let instance):
            guard let (component, bindings) = instances[instance] else {
                throw fail("close: \(instance) is not open at this point", line: step.line)
            }
            for op in component.close { try emitOperation(op, of: instance, component, bindings, into: &events, step: index, line: step.line) }
            let site = intern(AllocationSite(instance: instance, name: "", line: step.line, file: file))
            try emit(.freeInstance(site: site))
            instances[instance] = nil
        case .python(let bytes, let count, let keep):
            let size = try evaluate(bytes, knobs, line: step.line, file: workload.file)
            for _ in 0..<count { try emit(.python(bytes: size, keep: keep)) }
        case .release(let name):
            try emit(.release(name))
        case .collect:
            try emit(.collect)
        case .gcAllocDuringCollection(let bytes):
            try emit(.gcAllocDuringCollection(bytes: try evaluate(bytes, knobs, line: step.line, file: workload.file)))
        case .repeat(let times, let body):
            for _ in 0..<times {
                for s in body { try compile(s, into: &events, steps: &steps) }
            }
        case .parallel(let branches):
            // Each branch compiles on its own; their events then interleave one by one, in branch order.
            var lists: [[TimelineEvent]] = []
            for branch in branches {
                var list: [TimelineEvent] = []
                for s in branch { try compile(s, into: &list, steps: &steps) }
                lists.append(list)
            }
            var cursors = [Int](repeating: 0, count: lists.count)
            var remaining = lists.reduce(0) { $0 + $1.count }
            while remaining > 0 {
                for b in lists.indices where cursors[b] < lists[b].count {
                    guard events.count < maximumEvents else { throw overLimit(line: step.line) }
                    events.append(lists[b][cursors[b]])
                    cursors[b] += 1
                    remaining -= 1
                }
            }
        }
        try emit(.stepEnd(Int32(index)))
    }

    /// `key`'s number in `table`, the next one on first use.
    static func number(_ key: String, in table: inout [String: Int32]) -> Int32 {
        if let n = table[key] { return n }
        let n = Int32(table.count)
        table[key] = n
        return n
    }

    /// Appends one event, refusing to grow past `maximumEvents`.
    func push(_ kind: TimelineEvent.Kind, into events: inout [TimelineEvent], step: Int, line: Int,
              file: String) throws(Diagnostic) {
        guard events.count < maximumEvents else { throw overLimit(line: line, file: file) }
        events.append(TimelineEvent(kind: kind, step: step))
    }

    mutating func emitOperation(_ op: ComponentOperation, of instance: String, _ component: ComponentDefinition, _ bindings: [String: Int],
                                into events: inout [TimelineEvent], step: Int, line: Int) throws(Diagnostic) {
        let file = workload.file
        func emit(_ kind: TimelineEvent.Kind) throws(Diagnostic) {
            try push(kind, into: &events, step: step, line: line, file: file)
        }
        switch op.kind {
        case .alloc(let name, let size, let target, let count):
            let bytes = try evaluate(size, bindings, line: op.line, file: component.file)
            // A size of 0 means the allocation is not made (a knob switched it off, e.g.
            // `MBEDTLS_SSL_IN_CONTENT_LEN * (1 - MBEDTLS_DYNAMIC_BUFFER)`): malloc(0) is never called.
            guard bytes > 0 else { return }
            let times = try evaluate(count, bindings, line: op.line, file: component.file)
            guard times <= 10_000 else {
                throw fail("count \(count) evaluates to \(times), more than 10000", line: op.line, file: component.file,
                           fix: "Check the knob values it uses")
            }
            let site = intern(AllocationSite(instance: instance, name: name, line: op.line, file: component.file))
            for _ in 0..<times { try emit(.alloc(site: site, size: bytes, target: target)) }
        case .recording(let replay):
            try emitRecording(replay, op: op, of: instance, component, bindings, into: &events, step: step, line: line)
        case .free(let name):
            if let slash = name.firstIndex(of: "/") {
                // `free: INSTANCE/NAME`: what another instance holds (it must be open).
                let owner = String(name[..<slash])
                guard instances[owner] != nil else {
                    throw fail("free: \(name) names instance \(owner), which is not open here", line: op.line, file: component.file,
                               fix: "Open \(owner) before \(component.name)")
                }
                let held = String(name[name.index(after: slash)...])
                try emit(.free(site: intern(AllocationSite(instance: owner, name: held, line: op.line, file: component.file))))
            } else {
                try emit(.free(site: intern(AllocationSite(instance: instance, name: name, line: op.line, file: component.file))))
            }
        }
    }

    /// A `recording:` operation: the selected recording's events of its phases, each recorded allocation held
    /// under `NAME#ID` (a calloc freed at once under `NAME#~`), a tagged one sized by its tag's expression.
    mutating func emitRecording(_ replay: RecordingReplay, op: ComponentOperation, of instance: String,
                                _ component: ComponentDefinition, _ bindings: [String: Int],
                                into events: inout [TimelineEvent], step: Int, line: Int) throws(Diagnostic) {
        guard let resolved = replay.resolved else {
            throw fail("\(component.name) replays recording \(replay.name), which no IDF release was chosen for", line: op.line,
                       file: component.file, fix: "Run it in a scenario (board and IDF release), which loads the recording")
        }
        let key: String
        switch replay.key(bindings: bindings, choices: component.choices) {
        case .success(let k): key = k
        case .failure(let e): throw fail("Cannot build the recording key \(replay.key): \(e.message)", line: op.line, file: component.file)
        }
        guard let recording = resolved.recordings[key] else {
            throw fail("\(replay.index.file) has no recording \(key) of mbedTLS \(resolved.version) (IDF \(resolved.idf))",
                       line: op.line, file: component.file,
                       fix: "Choose a recorded combination (\(resolved.recordings.keys.sorted().joined(separator: ", "))) or record it")
        }
        for p in replay.phases where !recording.phases.contains(p) {
            throw fail("Recording \(recording.file) has no phase \(p)", line: op.line, file: component.file,
                       fix: "Use one of its phases: \(recording.phases.joined(separator: ", "))")
        }
        var tagBindings = bindings
        for (k, v) in recording.knobs { tagBindings["RECORDED_" + k] = v }
        let file = component.file
        let transient = intern(AllocationSite(instance: instance, name: replay.name + "#~", line: op.line, file: file))
        let list = recording.events(in: replay.phases)
        // A tagged allocation is named by its tag (`tls/in_buf`), the others by their number (`tls/mbedtls#17`).
        var names: [Int: String] = [:]
        for case (_, .alloc(let id, _, let tag?)) in recording.events { names[id] = tag }
        func siteName(_ id: Int) -> String { names[id] ?? "\(replay.name)#\(id)" }
        var frames = InboundFrames(mss: 0, overhead: 0, wrapper: 0, window: 0, events: list)
        if let inbound = replay.inbound {
            func value(_ e: SizeExpression) throws(Diagnostic) -> Int { try evaluate(e, bindings, line: op.line, file: file) }
            frames = InboundFrames(mss: try value(inbound.mss), overhead: try value(inbound.overhead), wrapper: try value(inbound.wrapper),
                                   window: try value(inbound.window), events: list)
        }
        var i = 0
        while i < list.count {
            switch list[i] {
            case .received(let bytes):
                for change in frames.read(bytes) { try emitFrame(change, replay.inbound, of: instance, op: op, file: file, into: &events, step: step, line: line) }
            case .sent:
                frames.endFlight()
            case .alloc(let id, var size, let tag):
                if let tag, let e = replay.tags[tag] {
                    tagBindings["size"] = size
                    size = try evaluate(e, tagBindings, line: op.line, file: file)
                }
                // calloc followed at once by its free: one site for all of them.
                if i + 1 < list.count, case .free(let f) = list[i + 1], f == id {
                    if size > 0 {
                        try push(.alloc(site: transient, size: size, target: replay.target), into: &events, step: step, line: line, file: file)
                        try push(.free(site: transient), into: &events, step: step, line: line, file: file)
                    }
                    i += 2
                    continue
                }
                if size > 0 {
                    let site = intern(AllocationSite(instance: instance, name: siteName(id), line: op.line, file: file))
                    try push(.alloc(site: site, size: size, target: replay.target), into: &events, step: step, line: line, file: file)
                }
            case .free(let id):
                let site = intern(AllocationSite(instance: instance, name: siteName(id), line: op.line, file: file))
                try push(.free(site: site), into: &events, step: step, line: line, file: file)
            }
            i += 1
        }
    }

    /// One frame of a peer's flight arriving (`.arrive`) or given back (`.leave`), numbered across the operation.
    mutating func emitFrame(_ change: InboundFrames.Change, _ inbound: RecordingReplay.Inbound?, of instance: String,
                            op: ComponentOperation, file: String, into events: inout [TimelineEvent], step: Int,
                            line: Int) throws(Diagnostic) {
        guard let inbound else { return }
        switch change {
        case .arrive(let n, let size, let wrapper):
            let frame = intern(AllocationSite(instance: instance, name: "\(inbound.name)#\(n)", line: op.line, file: file))
            try push(.alloc(site: frame, size: size, target: inbound.target), into: &events, step: step, line: line, file: file)
            if wrapper > 0 {
                let w = intern(AllocationSite(instance: instance, name: "\(inbound.name)#\(n)/pbuf", line: op.line, file: file))
                try push(.alloc(site: w, size: wrapper, target: .malloc), into: &events, step: step, line: line, file: file)
            }
        case .leave(let n):
            for name in ["\(inbound.name)#\(n)/pbuf", "\(inbound.name)#\(n)"] {
                try push(.free(site: intern(AllocationSite(instance: instance, name: name, line: op.line, file: file))),
                         into: &events, step: step, line: line, file: file)
            }
        }
    }

    static func describe(_ action: WorkloadStep.Action) -> String {
        switch action {
        case .open(let c, let i, _): return c == i ? "open \(c)" : "open \(c) as \(i)"
        case .close(let i): return "close \(i)"
        case .python(_, let n, let keep): return "python: \(n) object\(n == 1 ? "" : "s")" + (keep.map { " kept as \($0)" } ?? "")
        case .release(let n): return "release \(n)"
        case .collect: return "gc.collect()"
        case .repeat(let t, _): return "repeat \(t)×"
        case .parallel(let b): return "\(b.count) branches in parallel"
        case .gcAllocDuringCollection: return "GC allocation from another task during a collection"
        }
    }
}
