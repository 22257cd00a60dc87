// The finite symmetries of a network acting on solutions of its zero-loss system, so that
// solution counts can be compared modulo symmetry.
//
// For every activated layer: permutations of its units (fully connected nets), and sign flips
// of a unit's incoming weights and bias when sigma is even (sigma(-z) = sigma(z)), or of its
// incoming and outgoing weights when sigma is odd (sigma(-z) = -sigma(z)) and the next layer is
// linear. Only the elements that leave every fixed parameter unchanged map solutions of the
// restricted system to solutions; the report counts the orbits of the found solutions under them.
// (Continuous symmetries, such as the scaling of homogeneous activations, are not finite: they
// must be removed by fixing parameters, or the solutions are not isolated.)
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "landscape/algebra/homotopy.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

struct SymmetryReport {
  std::size_t group_order = 1;   // permutations x sign flips of the architecture
  std::size_t preserving = 1;    // elements that fix every fixed parameter
  std::size_t orbits = 0;        // orbits of the given solutions under those elements
  bool closed = true;            // every image of a solution was among the solutions
  bool decided = true;           // false: the group is too large to enumerate (orbits not computed)
  std::string description;       // e.g. "2!^1 permutations x 2^2 sign flips (even activation)"
};

// `solutions` are points of the free parameters (in the shared order, fixed ones left out).
SymmetryReport symmetry_orbits(const NetSpec& net, const std::map<std::size_t, Rational>& fixed,
                               const std::vector<ComplexVector>& solutions);

}  // namespace landscape::algebra
