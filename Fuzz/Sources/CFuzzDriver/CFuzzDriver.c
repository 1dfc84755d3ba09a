// Only the declaration in include/CFuzzDriver.h is needed; libFuzzer (linked by -sanitize=fuzzer) defines it.
#include "CFuzzDriver.h"
