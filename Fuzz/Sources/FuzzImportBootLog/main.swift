import FuzzSupport
import Model

// ESP-IDF boot logs (heap_init lines): the parser on every input, then `heapfit import` (board derivation: a
// search through simulated boots, ~100× slower than parsing) on one parsed input in eight, chosen by content.
runFuzzer { data, size in
    FuzzInput.importInput(data, size) { text in
        (try? BootLogParser.parseAll(text)) != nil && BootLogParser.recognises(text)
            && text.lines.reduce(UInt8(0)) { $0 &+ $1.text.utf8.reduce(0, &+) } % 8 == 0
    }
    return 0
}
