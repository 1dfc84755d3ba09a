#ifndef CGLPK_H
#define CGLPK_H

/* heapfit's only door to GLPK. Every entry point here is guarded: GLPK calls
 * abort() on internal errors unless its error hook longjmps out, and Swift
 * cannot call setjmp, so the guard lives in C. GLPK's terminal output is
 * captured into the caller's buffer and never printed. */

/* GLPK's version string, e.g. "5.0". */
const char *hf_glpk_version(void);

/* A mixed-integer program in flat, 0-based arrays (the shim converts to GLPK's 1-based ones). */
typedef struct {
    int rows;
    int cols;
    int maximize;             /* 1: maximise, 0: minimise */
    const double *objective;  /* cols coefficients */
    const int *col_kind;      /* cols: 0 continuous, 1 integer, 2 binary */
    const int *col_bounds;    /* cols: GLP_FR 1, GLP_LO 2, GLP_UP 3, GLP_DB 4, GLP_FX 5 */
    const double *col_lower;
    const double *col_upper;
    const int *row_bounds;    /* rows: same codes as col_bounds */
    const double *row_lower;
    const double *row_upper;
    int nonzeros;
    const int *ia;            /* row index of each nonzero, 0-based */
    const int *ja;            /* column index of each nonzero, 0-based */
    const double *ar;         /* the coefficient */
    int time_limit_ms;        /* 0: none */
} hf_mip;

/* What hf_mip_solve returns. */
enum {
    HF_MIP_OPTIMAL = 0,       /* proven optimal */
    HF_MIP_FEASIBLE = 1,      /* a feasible solution, not proven optimal (time limit hit) */
    HF_MIP_INFEASIBLE = 2,    /* no integer feasible solution */
    HF_MIP_TIME_LIMIT = 3,    /* time limit hit before any feasible solution */
    HF_MIP_UNBOUNDED = 4,     /* LP relaxation unbounded */
    HF_MIP_SOLVER_FAILED = 5, /* glp_intopt returned another error code (see log) */
    HF_MIP_GLPK_ERROR = 6     /* GLPK raised an internal error (its message is in log) */
};

/* Solves m. values (cols doubles) receives the solution when there is one;
 * objective the objective value. log receives GLPK's terminal output (the
 * last log_cap - 1 bytes, NUL-terminated). Safe to call from several threads. */
int hf_mip_solve(const hf_mip *m, double *values, double *objective, char *log, int log_cap);

#endif
