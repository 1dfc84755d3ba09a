/// A standalone SVG 1.1 document built element by element, with text escaped and every number
/// written with the same fixed precision, so the same drawing is always the same bytes.
struct SVGDocument {
    private(set) var body: [String] = []

    /// Numbers keep two decimals (trailing zeros dropped): 1/100 px is below what any screen shows,
    /// and rounding to a fixed grid keeps the output independent of floating-point printing.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(sign)\(whole).\(digits)"
    }

    /// XML character data and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Attributes in the order given; numbers formatted by `number`.
    static func attributes(_ pairs: [(String, SVGValue)]) -> String {
        pairs.map { " \($0.0)=\"\($0.1.text)\"" }.joined()
    }

    mutating func raw(_ line: String) { body.append(line) }

    /// `<name attrs/>`, or `<name attrs><title>tooltip</title></name>` with a tooltip.
    mutating func element(_ name: String, _ pairs: [(String, SVGValue)], tooltip: String? = nil) {
        if let tooltip {
            body.append("<\(name)\(Self.attributes(pairs))><title>\(Self.escape(tooltip))</title></\(name)>")
        } else {
            body.append("<\(name)\(Self.attributes(pairs))/>")
        }
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       extra: [(String, SVGValue)] = [], tooltip: String? = nil) {
        element("rect", [("x", .number(x)), ("y", .number(y)), ("width", .number(width)), ("height", .number(height)),
                         ("fill", .text(fill))] + extra, tooltip: tooltip)
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double, extra: [(String, SVGValue)] = []) {
        body.append("<text\(Self.attributes([("x", .number(x)), ("y", .number(y)), ("font-size", .number(size))] + extra))>"
                    + "\(Self.escape(content))</text>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       extra: [(String, SVGValue)] = []) {
        element("line", [("x1", .number(x1)), ("y1", .number(y1)), ("x2", .number(x2)), ("y2", .number(y2)),
                         ("stroke", .text(stroke)), ("stroke-width", .number(width))] + extra)
    }

    mutating func open(_ name: String, _ pairs: [(String, SVGValue)] = []) { body.append("<\(name)\(Self.attributes(pairs))>") }
    mutating func close(_ name: String) { body.append("</\(name)>") }

    /// The whole document: XML declaration, the root with its size and view box, a `<title>`, the body.
    func render(width: Double, height: Double, title: String) -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" "
                         + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
                         + "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">",
                     "<title>\(Self.escape(title))</title>"]
        lines.append(contentsOf: body)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// An attribute value: a number (formatted with fixed precision) or text (escaped).
enum SVGValue {
    case number(Double)
    case text(String)

    var text: String {
        switch self {
        case .number(let v): SVGDocument.number(v)
        case .text(let s): SVGDocument.escape(s)
        }
    }
}
