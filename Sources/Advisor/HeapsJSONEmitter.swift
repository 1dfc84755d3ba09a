import Foundation

/// Renders a `HeapsReport` as JSON: an array with one object per heap, in registration order.
/// Field names are stable: start, size, type, free, largestFreeBlock, minimumFree, caps, heapData,
/// startupStack, bootLine. Sizes and addresses are integers.
public enum HeapsJSONEmitter {
    public static func render(_ r: HeapsReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(r.heaps), let text = String(data: data, encoding: .utf8) else {
            return "[]\n"  // Encoding plain integers and strings cannot fail.
        }
        return text + "\n"
    }
}
