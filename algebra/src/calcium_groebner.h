/* See calcium_groebner.c. */
#ifndef LANDSCAPE_CALCIUM_GROEBNER_H
#define LANDSCAPE_CALCIUM_GROEBNER_H

#include <flint/fmpz_mpoly.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Buchberger with limits on the ideal F = polys[0..count): -1 when a limit was reached, else 1
   if the basis holds a non-zero constant and 0 if not; *basis_length receives its length. */
int landscape_groebner_has_constant(const fmpz_mpoly_struct* const* polys, slong count, slong basis_limit,
                                    slong length_limit, slong bits_limit, const fmpz_mpoly_ctx_struct* ctx,
                                    slong* basis_length);

#ifdef __cplusplus
}
#endif

#endif
