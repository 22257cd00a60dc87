// landscape: the command-line front end. It parses, calls the libraries, prints results.
//
// Exit status: 0 success, 2 bad input (one line `error: ...` on stderr), 1 runtime failure.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "landscape/experiments/process.hpp"
#include "landscape/experiments/ranks.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::cli {

namespace {
std::vector<Command> all_commands() {
  std::vector<Command> commands;
#ifdef LANDSCAPE_WITH_ALGEBRA
  for (auto& c : algebra_commands()) commands.push_back(std::move(c));
  for (auto& c : manifold_commands()) commands.push_back(std::move(c));
  for (auto& c : solve_commands()) commands.push_back(std::move(c));
  for (auto& c : relu_commands()) commands.push_back(std::move(c));
#endif
#ifdef LANDSCAPE_WITH_TORCH
  for (auto& c : train_commands()) commands.push_back(std::move(c));
  for (auto& c : probe_commands()) commands.push_back(std::move(c));
#endif
  return commands;
}

// LibTorch commands settle how OpenMP waits beside busy cores (experiments/process.hpp).
bool uses_torch([[maybe_unused]] const std::string& command) {
  bool found = false;
#ifdef LANDSCAPE_WITH_TORCH
  for (const auto& group : {train_commands(), probe_commands()})
    for (const auto& c : group) found = found || c.name == command;
#endif
  return found;
}

}  // namespace

}  // namespace landscape::cli

int main(int argc, char** argv) {
  using namespace landscape::cli;
  if (argc >= 2 && uses_torch(argv[1])) landscape::experiments::settle_openmp_waiting(argv);
  landscape::experiments::MpiSession mpi(&argc, &argv);
  try {
    return run_command(all_commands(), argc, argv,
                       "usage: landscape <command> [options]\n\n"
                       "Theory-and-symbolics companion to papers on the loss landscape of\n"
                       "overparametrized networks. `landscape <command> --help` describes each command.\n\n"
                       "commands:\n",
                       "landscape --help");
  } catch (const landscape::FieldError& e) {
    std::cerr << "error: " << flag_of_field(e.field()) << " " << e.rule() << "\n";
    return 2;
  } catch (const landscape::InputError& e) {
    std::cerr << "error: " << one_line_message(e) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << one_line_message(e) << "\n";
    return 1;
  }
}
