#include "cglpk.h"
#include <glpk.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

const char *hf_glpk_version(void) { return glp_version(); }

/* The guard of one call: the jump target and the caller's log buffer (GLPK 5 keeps its
 * environment per thread, so concurrent calls from different threads do not meet). */
typedef struct {
    jmp_buf jump;
    char *log;
    int cap;
    int used;
} guard_t;

/* glp_term_hook: keep the tail of GLPK's output in the caller's buffer; return 1 to suppress printing. */
static int capture_output(void *info, const char *s) {
    guard_t *g = (guard_t *)info;
    if (g == NULL || g->log == NULL || g->cap <= 1) return 1;
    size_t n = strlen(s);
    size_t room = (size_t)(g->cap - 1);
    if (n >= room) {
        memcpy(g->log, s + (n - room), room);
        g->used = (int)room;
    } else {
        if ((size_t)g->used + n > room) {
            size_t drop = (size_t)g->used + n - room;
            memmove(g->log, g->log + drop, (size_t)g->used - drop);
            g->used -= (int)drop;
        }
        memcpy(g->log + g->used, s, n);
        g->used += (int)n;
    }
    g->log[g->used] = '\0';
    return 1;
}

/* glp_error_hook: leave GLPK by longjmp instead of letting it abort(). */
static void escape_error(void *info) {
    guard_t *g = (guard_t *)info;
    longjmp(g->jump, 1);
}

static int kind_of(int k) { return k == 2 ? GLP_BV : k == 1 ? GLP_IV : GLP_CV; }

static int bounds_of(int b) {
    switch (b) {
    case 1: return GLP_FR;
    case 2: return GLP_LO;
    case 3: return GLP_UP;
    case 4: return GLP_DB;
    default: return GLP_FX;
    }
}

/* The body that may raise a GLPK error; runs inside the guard. ia/ja/ar are GLPK's
 * 1-based arrays, owned by the caller so nothing leaks when an error jumps out. */
static int solve_guarded(const hf_mip *m, int *ia, int *ja, double *ar, double *values, double *objective) {
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, m->maximize ? GLP_MAX : GLP_MIN);
    if (m->rows > 0) glp_add_rows(lp, m->rows);
    if (m->cols > 0) glp_add_cols(lp, m->cols);
    for (int j = 0; j < m->cols; j++) {
        glp_set_col_kind(lp, j + 1, kind_of(m->col_kind[j]));
        if (m->col_kind[j] != 2) glp_set_col_bnds(lp, j + 1, bounds_of(m->col_bounds[j]), m->col_lower[j], m->col_upper[j]);
        glp_set_obj_coef(lp, j + 1, m->objective[j]);
    }
    for (int i = 0; i < m->rows; i++) {
        glp_set_row_bnds(lp, i + 1, bounds_of(m->row_bounds[i]), m->row_lower[i], m->row_upper[i]);
    }
    glp_load_matrix(lp, m->nonzeros, ia, ja, ar);

    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_ERR;
    if (m->time_limit_ms > 0) parm.tm_lim = m->time_limit_ms;
    int rc = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    if (status == GLP_OPT || status == GLP_FEAS) {
        *objective = glp_mip_obj_val(lp);
        for (int j = 0; j < m->cols; j++) values[j] = glp_mip_col_val(lp, j + 1);
    }
    glp_delete_prob(lp);
    if (rc == 0 && status == GLP_OPT) return HF_MIP_OPTIMAL;
    if (rc == GLP_ETMLIM) return status == GLP_FEAS ? HF_MIP_FEASIBLE : HF_MIP_TIME_LIMIT;
    if (rc == GLP_ENOPFS || status == GLP_NOFEAS) return HF_MIP_INFEASIBLE;
    if (rc == GLP_ENODFS) return HF_MIP_UNBOUNDED;
    if (rc == 0 && status == GLP_FEAS) return HF_MIP_FEASIBLE;
    return HF_MIP_SOLVER_FAILED;
}

int hf_mip_solve(const hf_mip *m, double *values, double *objective, char *log, int log_cap) {
    int n = m->nonzeros < 0 ? 0 : m->nonzeros;
    int *ia = malloc(sizeof(int) * (size_t)(n + 1));
    int *ja = malloc(sizeof(int) * (size_t)(n + 1));
    double *ar = malloc(sizeof(double) * (size_t)(n + 1));
    if (ia == NULL || ja == NULL || ar == NULL) {
        free(ia); free(ja); free(ar);
        return HF_MIP_SOLVER_FAILED;
    }
    for (int k = 0; k < n; k++) {
        ia[k + 1] = m->ia[k] + 1;
        ja[k + 1] = m->ja[k] + 1;
        ar[k + 1] = m->ar[k];
    }
    guard_t guard;
    guard.log = log;
    guard.cap = log_cap;
    guard.used = 0;
    if (log != NULL && log_cap > 0) log[0] = '\0';
    glp_term_hook(capture_output, &guard);
    glp_error_hook(escape_error, &guard);
    volatile int result = HF_MIP_SOLVER_FAILED;
    if (setjmp(guard.jump) == 0) {
        result = solve_guarded(m, ia, ja, ar, values, objective);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
    } else {
        /* GLPK's environment is unusable after an error: free it whole (it is rebuilt on next use). */
        result = HF_MIP_GLPK_ERROR;
        glp_free_env();
    }
    free(ia); free(ja); free(ar);
    return result;
}
