#ifndef CGLPK_H
#define CGLPK_H

/* heapfit's only door to GLPK. Every entry point here is guarded: GLPK calls
 * abort() on internal errors unless its error hook longjmps out, and Swift
 * cannot call setjmp, so the guard lives in C. */

/* GLPK's version string, e.g. "5.0". */
const char *hf_glpk_version(void);

#endif
