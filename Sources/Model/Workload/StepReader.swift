import Foundation
import Yams

/// Reads the `steps:` of a workload file (one step per list entry; see `WorkloadStep`).
struct StepContext {
    let reader: Reader
    let file: String
    let loader: WorkloadLoader
    /// Instances opened so far in this file, so `close` of an unknown name is caught at load time.
    var opened: Set<String> = []

    static let limits = (repeatTimes: 100_000, pythonCount: 1_000_000, branches: 16)

    mutating func steps(_ node: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                        stack: inout [String]) throws(Diagnostic) -> [WorkloadStep] {
        let r = reader
        var out: [WorkloadStep] = []
        for item in try r.sequence(node, "steps") {
            let line = item.mark?.line ?? 0
            if let word = item.scalar?.string {
                guard word == "collect" else {
                    throw r.fail(item, "Unknown step '\(word)'", expected: Self.stepKinds, fix: "Use one of those")
                }
                out.append(WorkloadStep(.collect, line: line))
                continue
            }
            let m = try r.mapping(item, "a step")
            let label = m["label"]?.scalar?.string
            let keys = m.keys.compactMap(\.scalar?.string).filter { $0 != "label" }
            guard keys.count == 1, let kind = keys.first, let value = m[kind] else {
                throw r.fail(item, "A step must have exactly one kind (found \(keys.joined(separator: ", ")))",
                             expected: Self.stepKinds, fix: "Split it into one step per kind")
            }
            switch kind {
            case "open":
                out.append(WorkloadStep(try open(value, components: &components), line: line, label: label))
            case "close":
                out.append(WorkloadStep(try close(value), line: line, label: label))
            case "python":
                out.append(WorkloadStep(try python(value), line: line, label: label))
            case "release":
                out.append(WorkloadStep(.release(name: try scalar(value, "release")), line: line, label: label))
            case "collect":
                out.append(WorkloadStep(.collect, line: line, label: label))
            case "repeat":
                out.append(WorkloadStep(try repeated(value, components: &components, knobs: &knobs, stack: &stack), line: line, label: label))
            case "parallel":
                out.append(WorkloadStep(try parallel(value, components: &components, knobs: &knobs, stack: &stack), line: line, label: label))
            case "include":
                out.append(contentsOf: try include(value, components: &components, knobs: &knobs, stack: &stack))
            case "gc-alloc-during-collection":
                out.append(WorkloadStep(.gcAllocDuringCollection(bytes: try expression(value)), line: line, label: label))
            default:
                throw r.fail(value, "Unknown step kind `\(kind)`", expected: Self.stepKinds, fix: "Use one of those")
            }
        }
        return out
    }

    /// `open: component` (or `{component, as, parameters}`): loads the component on first use and
    /// checks the parameters against its definition.
    mutating func open(_ value: Node, components: inout [String: ComponentDefinition]) throws(Diagnostic) -> WorkloadStep.Action {
        let r = reader
        var (component, instance, parameters, words) = try open(value)
        if components[component] == nil {
            components[component] = try loader.component(component, near: file, at: value, reader: r)
        }
        if let definition = components[component] {
            for (p, node) in words.sorted(by: { $0.key < $1.key }) {
                guard let list = definition.choices[p] else {
                    guard definition.parameters[p] != nil else { parameters[p] = 0; continue }  // reported below
                    throw r.fail(node, "Parameter \(p) of \(component) is a number, not `\(node.scalar?.string ?? "")`",
                                 expected: "a number such as 1435 or 4K")
                }
                guard let i = list.firstIndex(of: node.scalar?.string ?? "") else {
                    throw r.fail(node, "`\(node.scalar?.string ?? "")` is not a choice of \(component)'s \(p)",
                                 expected: "one of \(list.joined(separator: ", "))", fix: "Use one of those")
                }
                parameters[p] = i
            }
            // A choice parameter may also be given as its index (calibrated workloads write numbers).
            for (p, v) in parameters.sorted(by: { $0.key < $1.key }) {
                if let list = definition.choices[p], !(0..<list.count).contains(v), words[p] == nil {
                    throw r.fail(value, "\(v) is not a choice of \(component)'s \(p)",
                                 expected: "one of \(list.joined(separator: ", ")) (or its index 0…\(list.count - 1))")
                }
            }
            for p in parameters.keys where definition.parameters[p] == nil {
                throw r.fail(value, "Component \(component) has no parameter `\(p)`",
                             expected: definition.parameters.keys.sorted().joined(separator: ", "),
                             fix: "Remove it or correct its name")
            }
        }
        opened.insert(instance)
        return .open(component: component, instance: instance, parameters: parameters)
    }

    /// `close: instance`, of something opened before it in this file.
    func close(_ value: Node) throws(Diagnostic) -> WorkloadStep.Action {
        let instance = try scalar(value, "close")
        guard opened.contains(instance) else {
            throw reader.fail(value, "`close: \(instance)` names nothing opened before it",
                              expected: "the name of an open component (or its `as:`)", fix: "Open it first or fix the name")
        }
        return .close(instance: instance)
    }

    /// `repeat: {times, steps}`.
    mutating func repeated(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                           stack: inout [String]) throws(Diagnostic) -> WorkloadStep.Action {
        let r = reader
        let rm = try r.mapping(value, "repeat")
        let times = try r.integer(rm, "times", in: value)
        guard (1...Self.limits.repeatTimes).contains(times) else {
            throw r.fail(value, "repeat times \(times) is out of range", expected: "1 to \(Self.limits.repeatTimes)")
        }
        let body = try steps(try r.required(rm, "steps", in: value), components: &components, knobs: &knobs, stack: &stack)
        return .repeat(times: times, steps: body)
    }

    /// `parallel: [branch, …]`, each branch a step list (or `{steps: […]}`).
    mutating func parallel(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                           stack: inout [String]) throws(Diagnostic) -> WorkloadStep.Action {
        let branches = try reader.sequence(value, "parallel")
        guard (2...Self.limits.branches).contains(branches.count) else {
            throw reader.fail(value, "parallel needs 2 to \(Self.limits.branches) branches (got \(branches.count))",
                              expected: "a list of step lists", fix: "Give each concurrent activity its own branch")
        }
        var bodies: [[WorkloadStep]] = []
        for b in branches {
            let list = b.mapping?["steps"] ?? b
            bodies.append(try steps(list, components: &components, knobs: &knobs, stack: &stack))
        }
        return .parallel(bodies)
    }

    /// `include: path`: the steps of another workload file (relative to this one), its knobs merged
    /// under this file's; refuses what is not a readable regular file, cycles and deep nesting.
    func include(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                 stack: inout [String]) throws(Diagnostic) -> [WorkloadStep] {
        let r = reader
        let path = try scalar(value, "include")
        let resolved = path.hasPrefix("/") ? path
            : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else {
            throw r.fail(value, "Included workload \(path) does not exist", expected: "a path relative to \(file)",
                         fix: "Correct the path")
        }
        let key = (resolved as NSString).standardizingPath
        let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
        if isFolder.boolValue || type != .typeRegular || !FileManager.default.isReadableFile(atPath: resolved) {
            throw r.fail(value, "Included workload \(path) is not a readable regular file", expected: "a workload YAML file",
                         fix: "Include a workload file, not a folder or a device")
        }
        if stack.contains(key) {
            throw r.fail(value, "`include: \(path)` forms a cycle: " + (stack + [key]).map { ($0 as NSString).lastPathComponent }
                            .joined(separator: " → "), expected: "includes that end", fix: "Remove one of the includes")
        }
        guard stack.count < WorkloadLoader.maximumIncludeDepth else {
            throw r.fail(value, "`include: \(path)` nests includes more than \(WorkloadLoader.maximumIncludeDepth) deep",
                         expected: "at most \(WorkloadLoader.maximumIncludeDepth) workloads including one another",
                         fix: "Flatten the includes (include the innermost files directly)")
        }
        let (header, included) = try loader.readWorkload(resolved, components: &components, including: &stack)
        knobs.merge(header.knobs) { mine, _ in mine }
        return included
    }

    static let stepKinds = "open, close, python, release, collect, repeat, parallel, include, gc-alloc-during-collection"

    func scalar(_ node: Node, _ what: String) throws(Diagnostic) -> String {
        guard let s = node.scalar?.string, !s.isEmpty else {
            throw reader.fail(node, "`\(what)` needs a name", expected: "a text value")
        }
        return s
    }

    func expression(_ node: Node) throws(Diagnostic) -> SizeExpression {
        guard let text = node.scalar?.string else {
            throw reader.fail(node, "A size is not a scalar", expected: "a number or an expression such as 4K or N * 2")
        }
        switch SizeExpression.parse(text) {
        case .success(let e): return e
        case .failure(let e): throw reader.fail(node, "Bad size expression: \(e.message)", expected: "a number or an expression of knobs")
        }
    }

    /// The component, instance and parameters of an `open:`; a parameter given as a word (`chain: ec2`)
    /// is returned in `words` with its node, for the component's `choices` to turn into a number.
    func open(_ node: Node) throws(Diagnostic) -> (String, String, [String: Int], words: [String: Node]) {
        if let name = node.scalar?.string { return (name, name, [:], [:]) }
        let m = try reader.mapping(node, "open")
        let component = try reader.string(m, "component", in: node)
        var parameters: [String: Int] = [:]
        var words: [String: Node] = [:]
        if let with = m["with"] {
            for (k, v) in try reader.mapping(with, "with") {
                guard let name = k.scalar?.string else { throw reader.fail(k, "A parameter name is not text") }
                if let text = v.scalar?.string, SizeParser.parse(text) == nil, text.first?.isLetter == true {
                    words[name] = v
                } else {
                    parameters[name] = try reader.integer(v, name)
                }
            }
        }
        return (component, m["as"]?.scalar?.string ?? component, parameters, words)
    }

    func python(_ node: Node) throws(Diagnostic) -> WorkloadStep.Action {
        if node.scalar != nil { return .python(bytes: try expression(node), count: 1, keep: nil) }
        let m = try reader.mapping(node, "python")
        let count = m["count"] == nil ? 1 : try reader.integer(m, "count", in: node)
        guard (1...Self.limits.pythonCount).contains(count) else {
            throw reader.fail(node, "python count \(count) is out of range", expected: "1 to \(Self.limits.pythonCount)")
        }
        return .python(bytes: try expression(try reader.required(m, "bytes", in: node)), count: count,
                       keep: m["keep"]?.scalar?.string)
    }
}

/// Reads one component file.
enum ComponentReader {
    static func read(_ file: String) throws(Diagnostic) -> ComponentDefinition {
        let (root, r) = try WorkloadLoader.compose(file)
        let top = try r.mapping(root, "the component")
        var parameters: [String: Int] = [:]
        var choices: [String: [String]] = [:]
        if let p = top["parameters"] {
            for (k, v) in try r.mapping(p, "parameters") {
                guard let name = k.scalar?.string else { throw r.fail(k, "A parameter name is not text") }
                let value = v.mapping.flatMap { $0["default"] } ?? v
                if let list = v.mapping?["choices"] {
                    // `{choices: [rsa3, ec2], default: rsa3}`: a parameter that takes a word.
                    let words = try r.sequence(list, "\(name).choices").map { n throws(Diagnostic) -> String in
                        guard let w = n.scalar?.string, !w.isEmpty else { throw r.fail(n, "A choice is not a word") }
                        return w
                    }
                    guard let d = value.scalar?.string, let i = words.firstIndex(of: d) else {
                        throw r.fail(value, "The default of \(name) is not one of its choices", expected: words.joined(separator: ", "))
                    }
                    choices[name] = words
                    parameters[name] = i
                } else {
                    parameters[name] = try r.integer(value, name)
                }
            }
        }
        var names = Set<String>()
        func operations(_ key: String) throws(Diagnostic) -> [ComponentOperation] {
            guard let list = top[key] else { return [] }
            var ops: [ComponentOperation] = []
            for item in try r.sequence(list, key) {
                let m = try r.mapping(item, "an operation")
                let line = item.mark?.line ?? 0
                let source = m["source"]?.scalar?.string
                if let name = m["alloc"]?.scalar?.string {
                    let alloc = try Self.alloc(name, item: item, m, reader: r)
                    names.insert(name)
                    ops.append(ComponentOperation(alloc, source: source, line: line))
                } else if let node = m["recording"] {
                    let replay = try Self.recording(node, item: item, m, file: file, parameters: parameters, reader: r)
                    ops.append(ComponentOperation(.recording(replay), source: source, line: line))
                } else if let name = m["free"]?.scalar?.string {
                    // `free: INSTANCE/NAME` frees what another open instance holds (the port's
                    // app_main returning, after which the idle task frees IDF's main task).
                    guard names.contains(name) || Self.crossInstance(name) != nil else {
                        throw r.fail(item, "free \(name) names no allocation before it",
                                     expected: "the name of an earlier alloc, or INSTANCE/NAME of another open instance")
                    }
                    ops.append(ComponentOperation(.free(name: name), source: source, line: line))
                } else {
                    throw r.fail(item, "Unknown operation", expected: "`alloc: NAME` with size (and caps, count), `free: NAME` or `recording: NAME` with index, key and phases")
                }
            }
            return ops
        }
        return ComponentDefinition(name: try r.string(top, "component", in: root),
                                   description: top["description"]?.scalar?.string ?? "",
                                   source: try r.string(top, "source", in: root),
                                   calibration: top["calibration"]?.scalar?.string, parameters: parameters,
                                   open: try operations("open"), close: try operations("close"), file: file)
            .with(choices: choices)
    }

    /// `alloc: NAME` with its `size`, `caps` and `count` (a number or an expression of knobs).
    static func alloc(_ name: String, item: Node, _ m: Node.Mapping, reader r: Reader) throws(Diagnostic) -> ComponentOperation.Kind {
        guard let sizeNode = m["size"], let text = sizeNode.scalar?.string else {
            throw r.fail(item, "alloc \(name) has no size", expected: "`size:` with a number or expression")
        }
        let size: SizeExpression
        switch SizeExpression.parse(text) {
        case .success(let e): size = e
        case .failure(let e): throw r.fail(sizeNode, "Bad size expression: \(e.message)")
        }
        let target = try Self.target(m["caps"], reader: r)
        // A count is a number or an expression of knobs (`ESP_WIFI_STATIC_RX_BUFFER_NUM`).
        var count = SizeExpression.number(1)
        if let countNode = m["count"] {
            guard let text = countNode.scalar?.string else { throw r.fail(countNode, "count is not a number or an expression") }
            switch SizeExpression.parse(text) {
            case .success(let e): count = e
            case .failure(let e): throw r.fail(countNode, "Bad count expression: \(e.message)")
            }
            if case .number(let n) = count, !(1...10_000).contains(n) {
                throw r.fail(item, "count \(n) is out of range", expected: "1 to 10000")
            }
        }
        return .alloc(name: name, size: size, target: target, count: count)
    }

    /// `recording: NAME` with `index:` (a recording index, relative to the component file), `key:`
    /// (`{parameter}` placeholders), `phases:`, and optional `variants:` (`[{suffix, when}]`), `tags:`
    /// (`{TAG: size expression}`), `caps:` and `inbound:` (`{name, mss, overhead, wrapper, window, caps}`: the
    /// peer's frames held until read, `RecordingReplay.Inbound`).
    static func recording(_ nameNode: Node, item: Node, _ m: Node.Mapping, file: String, parameters: [String: Int],
                          reader r: Reader) throws(Diagnostic) -> RecordingReplay {
        guard let name = nameNode.scalar?.string, !name.isEmpty, !name.contains("#"), !name.contains("/") else {
            throw r.fail(nameNode, "recording has no name", expected: "a name such as mbedtls (no # or /)")
        }
        let indexNode = try r.required(m, "index", in: item)
        guard let indexPath = indexNode.scalar?.string else { throw r.fail(indexNode, "index is not a path") }
        let full = indexPath.hasPrefix("/") ? indexPath
            : (((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(indexPath) as NSString).standardizingPath
        guard FileManager.default.fileExists(atPath: full) else {
            throw r.fail(indexNode, "Recording index \(indexPath) does not exist (\(full))",
                         expected: "a path relative to the component file", fix: "Correct the path")
        }
        let index = try RecordingIndex.read(full)
        let key = try r.string(m, "key", in: item)
        var phases: [String] = []
        for p in try r.sequence(try r.required(m, "phases", in: item), "phases") {
            guard let w = p.scalar?.string, !w.isEmpty else { throw r.fail(p, "A phase is not a word") }
            phases.append(w)
        }
        func expression(_ node: Node, _ what: String) throws(Diagnostic) -> SizeExpression {
            guard let text = node.scalar?.string else { throw r.fail(node, "\(what) is not an expression") }
            switch SizeExpression.parse(text) {
            case .success(let e): return e
            case .failure(let e): throw r.fail(node, "Bad \(what) expression: \(e.message)")
            }
        }
        var variants: [RecordingReplay.Variant] = []
        if let list = m["variants"] {
            for v in try r.sequence(list, "variants") {
                let vm = try r.mapping(v, "a variant")
                variants.append(.init(suffix: try r.string(vm, "suffix", in: v),
                                      when: try expression(try r.required(vm, "when", in: v), "when")))
            }
        }
        var tags: [String: SizeExpression] = [:]
        if let t = m["tags"] {
            for (k, v) in try r.mapping(t, "tags") {
                guard let tag = k.scalar?.string else { throw r.fail(k, "A tag is not text") }
                tags[tag] = try expression(v, "tag \(tag)")
            }
        }
        var replay = RecordingReplay(name: name, index: index, key: key, variants: variants, phases: phases, tags: tags,
                                     target: try Self.target(m["caps"], reader: r))
        if let node = m["inbound"] {
            let im = try r.mapping(node, "inbound")
            let frames = try r.string(im, "name", in: node)
            guard !frames.isEmpty, !frames.contains("#"), !frames.contains("/") else {
                throw r.fail(node, "inbound name \(frames) is not a plain name", expected: "a name such as rx_frames (no # or /)")
            }
            replay.inbound = RecordingReplay.Inbound(
                name: frames, mss: try expression(try r.required(im, "mss", in: node), "mss"),
                overhead: try expression(try r.required(im, "overhead", in: node), "overhead"),
                wrapper: try expression(try r.required(im, "wrapper", in: node), "wrapper"),
                window: try expression(try r.required(im, "window", in: node), "window"),
                target: try Self.target(im["caps"], reader: r))
        }
        for p in replay.placeholders where parameters[p] == nil {
            throw r.fail(item, "key \(key) names `{\(p)}`, which is not a parameter of the component",
                         expected: "placeholders among \(parameters.keys.sorted().joined(separator: ", "))",
                         fix: "Declare it under parameters: or correct the key")
        }
        return replay
    }

    /// `INSTANCE/NAME` split in two, or nil for a plain name.
    static func crossInstance(_ name: String) -> (instance: String, name: String)? {
        guard let slash = name.firstIndex(of: "/") else { return nil }
        let instance = String(name[..<slash]), local = String(name[name.index(after: slash)...])
        return instance.isEmpty || local.isEmpty ? nil : (instance, local)
    }

    static func target(_ node: Node?, reader r: Reader) throws(Diagnostic) -> AllocationTarget {
        guard let node else { return .malloc }
        guard let text = node.scalar?.string else { throw r.fail(node, "caps is not text") }
        switch text.lowercased() {
        case "malloc", "calloc", "default": return .malloc
        case "gc": return .gc
        default:
            guard let caps = MemoryCaps(parsing: text) else {
                throw r.fail(node, "Unknown caps '\(text)'", expected: "malloc, gc, or MALLOC_CAP names joined by | (e.g. INTERNAL|8BIT)")
            }
            return .caps(caps)
        }
    }
}
