/* Calcium's Groebner basis behind a plain C interface: its headers are C, not C++ (they convert
   void* implicitly), so this one file is compiled as C. */
#include <calcium/utils_flint.h>

#include "calcium_groebner.h"

int landscape_groebner_has_constant(const fmpz_mpoly_struct* const* polys, slong count, slong basis_limit,
                                    slong length_limit, slong bits_limit, const fmpz_mpoly_ctx_struct* ctx,
                                    slong* basis_length) {
  fmpz_mpoly_vec_t F, G;
  slong i;
  int decided, constant = 0;
  fmpz_mpoly_vec_init(F, 0, ctx);
  fmpz_mpoly_vec_init(G, 0, ctx);
  for (i = 0; i < count; i++) fmpz_mpoly_vec_append(F, polys[i], ctx);
  decided = fmpz_mpoly_buchberger_naive_with_limits(G, F, basis_limit, length_limit, bits_limit, ctx);
  *basis_length = G->length;
  for (i = 0; decided && i < G->length; i++)
    if (fmpz_mpoly_is_fmpz(fmpz_mpoly_vec_entry(G, i), ctx) && !fmpz_mpoly_is_zero(fmpz_mpoly_vec_entry(G, i), ctx))
      constant = 1;
  fmpz_mpoly_vec_clear(F, ctx);
  fmpz_mpoly_vec_clear(G, ctx);
  return decided ? constant : -1;
}
