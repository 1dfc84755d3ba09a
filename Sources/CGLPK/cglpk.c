#include "cglpk.h"
#include <glpk.h>

const char *hf_glpk_version(void) { return glp_version(); }
