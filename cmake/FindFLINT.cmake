# Finds FLINT (with GMP and MPFR) and, as components, Arb (Debian: libflint-arb) and Calcium.
# Defines the imported targets FLINT::flint, FLINT::arb, FLINT::calcium.
find_path(FLINT_INCLUDE_DIR flint/flint.h)
find_library(FLINT_LIBRARY flint)
find_library(GMP_LIBRARY gmp)
find_library(MPFR_LIBRARY mpfr)
find_path(ARB_INCLUDE_DIR arb.h PATH_SUFFIXES flint)
find_library(ARB_LIBRARY NAMES flint-arb arb)
find_path(CALCIUM_INCLUDE_DIR calcium/calcium.h)
find_library(CALCIUM_LIBRARY calcium)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FLINT REQUIRED_VARS FLINT_LIBRARY FLINT_INCLUDE_DIR GMP_LIBRARY
                                  MPFR_LIBRARY)

if(FLINT_FOUND AND NOT TARGET FLINT::flint)
  add_library(FLINT::flint UNKNOWN IMPORTED)
  set_target_properties(FLINT::flint PROPERTIES
    IMPORTED_LOCATION "${FLINT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${FLINT_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${MPFR_LIBRARY};${GMP_LIBRARY}")
  if(ARB_LIBRARY AND ARB_INCLUDE_DIR)
    add_library(FLINT::arb UNKNOWN IMPORTED)
    set_target_properties(FLINT::arb PROPERTIES
      IMPORTED_LOCATION "${ARB_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${ARB_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES FLINT::flint)
  endif()
  if(CALCIUM_LIBRARY AND CALCIUM_INCLUDE_DIR)
    add_library(FLINT::calcium UNKNOWN IMPORTED)
    set_target_properties(FLINT::calcium PROPERTIES
      IMPORTED_LOCATION "${CALCIUM_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${CALCIUM_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES FLINT::arb)
  endif()
endif()
