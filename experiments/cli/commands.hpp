// The subcommands of `landscape`. Each part of the project contributes its own list; main()
// dispatches by name. A command returns the process exit status.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace landscape::cli {

struct Command {
  std::string name;
  std::string summary;
  std::function<int(int argc, const char* const* argv)> run;  // argv[0] is the command name
};

// Commands of the exact algebra (system, dim); built when LANDSCAPE_WITH_ALGEBRA is on.
std::vector<Command> algebra_commands();
// memorize, hessian, walk (also part of the algebra build).
std::vector<Command> manifold_commands();

// Writes `content` to --out atomically if given, else to standard output.
void emit(const std::string& content, const std::string& out_path);

}  // namespace landscape::cli
