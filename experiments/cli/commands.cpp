#include "commands.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/experiments/ranks.hpp"

namespace landscape::cli {

using experiments::is_root_process;

void emit(const std::string& content, const std::string& out_path) {
  if (!is_root_process()) return;  // under mpirun, rank 0 speaks for all
  if (out_path.empty())
    std::cout << content << std::flush;
  else
    write_file_atomically(out_path, content);
}

int run_command(const std::vector<Command>& commands, int argc, const char* const* argv, const std::string& usage,
                const std::string& help_command) {
  const std::string name = argc < 2 ? "" : argv[1];
  if (argc < 2 || name == "--help" || name == "-h" || name == "help") {
    std::size_t width = 0;
    for (const auto& c : commands) width = std::max(width, c.name.size());
    std::cout << usage;
    for (const auto& c : commands) std::cout << "  " << c.name << std::string(width + 2 - c.name.size(), ' ') << c.summary << "\n";
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : commands)
    if (c.name == name) return c.run(argc - 1, argv + 1);
  throw InputError("unknown command '" + name + "' (see " + help_command + ")");
}

std::string one_line_message(const std::exception& e) {
  std::string message = e.what();
  message = message.substr(0, message.find('\n'));
  while (!message.empty() && (message.back() == ' ' || message.back() == '\r')) message.pop_back();
  return message.empty() ? "unexpected failure (an exception without a message)" : message;
}

std::string flag_of_field(const std::string& field) {
  static const std::map<std::string, std::string> named_otherwise = {
      {"out_dir", "--out"},   {"activation", "--act"}, {"bias", "--no-bias"},   {"run_dir", "--run"},
      {"run_dirs", "--runs"}, {"to_dir", "--to"},      {"xs", "--x"},            {"to", "--to"},
      {"ts", "--t"},          {"alphas", "--x"},       {"direction_file", "--dir-file"},
      {"weights_file", "--out"}, {"op", "--operator"}, {"tolerance", "--tol"}, {"trace", "--trace-method"}};
  if (const auto it = named_otherwise.find(field); it != named_otherwise.end()) return it->second;
  std::string flag = "--" + field;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::function<bool(const std::string& field)> given_field(const Arguments& args) {
  return [&args](const std::string& field) { return args.given(flag_of_field(field)); };
}

bool parse_or_help(Arguments& args, int argc, const char* const* argv) {
  if (args.parse(argc, argv, 1)) return true;
  std::cout << args.help();
  return false;
}

void finish(const Arguments& args, nlohmann::json result, const std::string& summary,
            Clock::time_point start, bool out_is_result_file) {
  result["summary"] = summary;
  result[result.contains("seconds") ? "total_seconds" : "seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  emit(args.flag("--json") ? result.dump(2) + "\n" : summary + "\n",
       out_is_result_file ? args.get_optional("--out").value_or("") : "");
}

void print_result(const Arguments& args, const experiments::ProtocolResult& result, Clock::time_point start) {
  for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
  finish(args, result.to_json(), result.summary(), start, false);
}

}  // namespace landscape::cli
