import FuzzSupport
import Model

// `micropython.mem_info()` output: the parser, then `heapfit import`.
runFuzzer { data, size in
    FuzzInput.importInput(data, size) { MemInfoParser.recognises($0) && (try? MemInfoParser.parse($0)) != nil }
    return 0
}
