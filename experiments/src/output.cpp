#include "landscape/experiments/output.hpp"

#include <filesystem>

#include "landscape/spec/files.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;

OutputDirectory::OutputDirectory(std::string path) : path_(std::move(path)) {
  if (!path_.empty()) fs::create_directories(path_);
}

std::string OutputDirectory::file(const std::string& name) const { return (fs::path(path_) / name).string(); }

void OutputDirectory::add(const std::string& file) { files_.push_back(file); }

void OutputDirectory::add(const plot::FigureFiles& figure) {
  files_.push_back(figure.data);
  files_.push_back(figure.script);
  files_.insert(files_.end(), figure.images.begin(), figure.images.end());
  if (!figure.rendered) notes_.push_back(figure.message);
}

nlohmann::json ProtocolResult::to_json() const {
  nlohmann::json j = details;
  j["command"] = command;
  j["files"] = files;
  return j;
}

void write_summary(const OutputDirectory& out, ProtocolResult& result) {
  result.files.insert(result.files.end(), out.files().begin(), out.files().end());
  result.notes.insert(result.notes.end(), out.notes().begin(), out.notes().end());
  const std::string path = out.file("summary.json");
  write_file_atomically(path, result.to_json().dump(2) + "\n");
  result.files.push_back(path);
}

}  // namespace landscape::experiments
