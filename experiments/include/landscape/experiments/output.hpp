// The protocols' output layer: one output directory, the files written in it (figures with their
// data and gnuplot script), and the result common to every protocol, written atomically as
// DIR/summary.json.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/plot/figure.hpp"

namespace landscape::experiments {

// A protocol's output directory (created on construction) and the files written there, in order.
class OutputDirectory {
 public:
  explicit OutputDirectory(std::string path);
  const std::string& path() const { return path_; }
  // path/name.
  std::string file(const std::string& name) const;
  // Records a file that was written.
  void add(const std::string& file);
  // Records a figure's data, script and images; when it was not rendered, keeps the reason.
  void add(const plot::FigureFiles& figure);
  const std::vector<std::string>& files() const { return files_; }
  // Why figures were not rendered (e.g. gnuplot missing), one line each.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  std::string path_;
  std::vector<std::string> files_, notes_;
};

// What every protocol returns: what was computed (`details`, keyed as the JSON documents it), the
// files written, and a one-line summary.
struct ProtocolResult {
  std::string command;                                  // e.g. "experiment branches"
  nlohmann::json details = nlohmann::json::object();    // every number computed
  std::vector<std::string> files;                       // written, in order
  std::vector<std::string> notes;                       // figures not rendered, and why
  std::string summary_line;

  std::string summary() const { return summary_line; }
  // `details` with "command" and "files".
  nlohmann::json to_json() const;
};

// Takes the directory's files and notes into `result`, writes DIR/summary.json (the result's
// JSON) atomically and lists it among the files.
void write_summary(const OutputDirectory& out, ProtocolResult& result);

}  // namespace landscape::experiments
