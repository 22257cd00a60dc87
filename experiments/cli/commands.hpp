// The subcommands of `landscape`. Each part of the project contributes its own list; main()
// dispatches by name. A command returns the process exit status.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "landscape/experiments/output.hpp"

namespace landscape::cli {

struct Command {
  std::string name;
  std::string summary;
  std::function<int(int argc, const char* const* argv)> run;  // argv[0] is the command name
};

// Runs the command argv[1] names (argv shifted by one); with no name, --help, -h or help, prints
// `usage` and the commands' names and summaries (exit status 2 without a name, else 0). InputError
// for an unknown name, pointing to `help_command` (e.g. "landscape --help").
int run_command(const std::vector<Command>& commands, int argc, const char* const* argv, const std::string& usage,
                const std::string& help_command);

// Commands of the exact algebra (system, dim); built when LANDSCAPE_WITH_ALGEBRA is on.
std::vector<Command> algebra_commands();
// memorize, hessian, walk (also part of the algebra build).
std::vector<Command> manifold_commands();
// solve (homotopy continuation).
std::vector<Command> solve_commands();
// relu-approx.
std::vector<Command> relu_commands();
// train, experiment (LibTorch; built when LANDSCAPE_WITH_TORCH is on).
std::vector<Command> train_commands();
// surface, interpolate, pca, mds, spectrum, curvature-map (LibTorch).
std::vector<Command> probe_commands();

// Writes `content` to --out atomically if given, else to standard output.
void emit(const std::string& content, const std::string& out_path);

// Parses the command line; on --help prints the help and returns false.
bool parse_or_help(Arguments& args, int argc, const char* const* argv);

using Clock = std::chrono::steady_clock;

// The flag that fills an options field (FieldError::field): "--" and the field's name with '-'
// for '_' ("batch_size" -> "--batch-size"), except where the flag is named otherwise
// ("out_dir" -> "--out", "activation" -> "--act").
std::string flag_of_field(const std::string& field);

// Whether the user gave the field's flag (flag_of_field), for the presets' GivenField.
std::function<bool(const std::string& field)> given_field(const Arguments& args);

// An exception's message as one line: LibTorch's errors (c10::Error) append "Exception raised
// from ..." and a C++ backtrace to the message; only the message's first line is kept.
std::string one_line_message(const std::exception& e);

// The end of a command with --json: adds "summary" and "seconds" (the command's wall time;
// "total_seconds" when the result has its own "seconds") to `result`, then emits the
// JSON object (with --json) or the one-line summary, to the file --out names when
// `out_is_result_file` (commands whose --out is a directory pass false: standard output).
void finish(const Arguments& args, nlohmann::json result, const std::string& summary,
            Clock::time_point start, bool out_is_result_file = true);

// finish() for a protocol's result: its notes (figures not rendered) on stderr, then its JSON or
// summary line on stdout.
void print_result(const Arguments& args, const experiments::ProtocolResult& result, Clock::time_point start);

}  // namespace landscape::cli
