import Yams

extension WorkloadLoader {
    /// `depends: [{option: NAME, value: y|n, kconfig: {">=4.2": OLD, …}, idf: ">=4.3.3", source: "…"}]`.
    static func dependencies(_ node: Node, knob: String, reader r: Reader) throws(Diagnostic) -> [KconfigDependency] {
        var out: [KconfigDependency] = []
        for item in try r.sequence(node, "\(knob).depends") {
            let m = try r.mapping(item, "\(knob).depends entry")
            let option = try r.string(m, "option", in: item)
            let valueNode = try r.required(m, "value", in: item)
            let enabled: Bool
            switch valueNode.scalar?.string.lowercased() {
            case "y", "yes", "true": enabled = true
            case "n", "no", "false": enabled = false
            default: throw r.fail(valueNode, "\(knob).depends: the value of \(option) is not y or n", expected: "y or n")
            }
            var releases = IDFRange.all
            if let idf = m["idf"] {
                guard let text = idf.scalar?.string, let range = IDFRange(parsing: text) else {
                    throw r.fail(idf, "\(knob).depends: `idf` of \(option) is not a release range", expected: "e.g. '>=4.3.3 <4.4 | >=4.4.1'")
                }
                releases = range
            }
            out.append(KconfigDependency(option: option, spellings: try spellings(m["kconfig"], of: option, reader: r),
                                         enabled: enabled, releases: releases, source: try r.string(m, "source", in: item)))
        }
        return out
    }

    /// `kconfig: {">=4.2": OLD_NAME, ">=5.1": NEW_NAME}` of a dependency (nil: the option's own name).
    static func spellings(_ node: Node?, of option: String, reader r: Reader) throws(Diagnostic) -> [KconfigSpelling] {
        guard let node else { return [] }
        var out: [KconfigSpelling] = []
        for (k, v) in try r.mapping(node, "\(option).kconfig") {
            guard let text = k.scalar?.string, let version = IDFVersion(parsing: text.replacingOccurrences(of: ">=", with: "")) else {
                throw r.fail(k, "`\(k.scalar?.string ?? "?")` is not an IDF release", expected: "a release such as '>=5.1'")
            }
            guard let spelled = v.scalar?.string, !spelled.isEmpty else {
                throw r.fail(v, "\(option).kconfig needs an option name per release", expected: "a Kconfig name without CONFIG_")
            }
            out.append(KconfigSpelling(from: version, name: spelled))
        }
        return out
    }

    /// `constraints: [{knob: NAME, atMost: "EXPRESSION", source: "…"}]`; every name must be a knob.
    static func constraints(_ node: Node, knobs: [String: KnobDefault], reader r: Reader) throws(Diagnostic) -> [KnobConstraint] {
        var out: [KnobConstraint] = []
        for item in try r.sequence(node, "constraints") {
            let m = try r.mapping(item, "constraints entry")
            let knob = try r.string(m, "knob", in: item)
            let text = try r.string(m, "atMost", in: item)
            let expression: SizeExpression
            switch SizeExpression.parse(text) {
            case .success(let e): expression = e
            case .failure(let e): throw r.fail(item, "constraints: `atMost` of \(knob) is not an expression: \(e.message)")
            }
            for name in expression.knobs.union([knob]) where knobs[name] == nil {
                throw r.fail(item, "constraints names \(name), which is not a knob", expected: "a knob of this file")
            }
            out.append(KnobConstraint(knob: knob, atMost: expression, source: try r.string(m, "source", in: item)))
        }
        return out
    }
}
