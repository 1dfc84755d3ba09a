/// Prose output folded to a width (the terminal's, or 100 columns when output is not a terminal): a line longer
/// than the width breaks at spaces and continues two columns further in than it started, so a verdict, a knob's
/// reason or an advisory stays readable; table rows (columns padded with two or more spaces) and words longer
/// than the width are left whole, since breaking them would misalign or corrupt what is copied.
public enum TextWrap {
    /// The width used when standard output is not a terminal.
    public static let defaultWidth = 100

    public static func wrap(_ text: String, width: Int) -> String {
        let width = max(width, 40)
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(contentsOf: wrapLine(String(line), width: width))
        }
        return out.joined(separator: "\n")
    }

    static func wrapLine(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let body = line.dropFirst(indent.count)
        if body.contains("  ") { return [line] }  // a table row
        let continuation = indent + "  "
        var lines: [String] = []
        var current = indent
        var currentIsFresh = true
        for word in body.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = currentIsFresh ? current + word : current + " " + word
            if candidate.count <= width || currentIsFresh {
                current = candidate
                currentIsFresh = false
            } else {
                lines.append(current)
                current = continuation + word
            }
        }
        lines.append(current)
        return lines
    }
}
