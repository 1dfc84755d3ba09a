import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG parsed with Foundation's XMLParser: every element with its attributes, its `<title>`
/// tooltip and the ids of the groups around it. Parsing fails on anything that is not well-formed XML.
final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var tooltip: String?
        var text = ""
        /// Ids of the enclosing elements, outermost first.
        var groups: [String]

        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
        var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private var inTitle = false
    private var titleText = ""
    var root: Element? { elements.first }

    init?(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else { return nil }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "title" {
            inTitle = true
            titleText = ""
            return
        }
        let groups = stack.compactMap { elements[$0].attributes["id"] }
        elements.append(Element(name: name, attributes: attributes, tooltip: nil, groups: groups))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { titleText += string } else if let top = stack.last { elements[top].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" {
            inTitle = false
            if let top = stack.last { elements[top].tooltip = titleText }
            return
        }
        stack.removeLast()
    }

    func all(_ name: String, class wanted: String? = nil) -> [Element] {
        elements.filter { e in e.name == name && (wanted.map { e.classes.contains($0) } ?? true) }
    }
}
