import FuzzSupport
import Model

// `heap_caps_print_heap_info()` dumps: the parser, then `heapfit import --board ESP32_GENERIC --idf 5.4.2` (comparison).
runFuzzer { data, size in
    FuzzInput.importInput(data, size, board: "ESP32_GENERIC", idf: "5.4.2") { HeapDumpParser.recognises($0) && (try? HeapDumpParser.parse($0)) != nil }
    return 0
}
